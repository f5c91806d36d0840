package org.hemacds.feedback;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hemacds.hooks.CdsException;
import tools.jackson.databind.JsonNode;

/**
 * Validates a CDS Hooks 2.0 feedback body ({@code {"feedback": [...]}}) into items, or refuses it
 * with a 400 that names the field, e.g. {@code feedback[0].outcomeTimestamp}. Lenient where real
 * clients are: a reason Coding without {@code display} or {@code system}, a comment without a
 * reason, no {@code overrideReason} on a plain dismiss, a JSON {@code null} for an optional field,
 * and fields it does not know (such as {@code extension}) are all accepted.
 */
final class FeedbackParser {

  static final int MAX_ITEMS = 1000;
  static final int MAX_ID = 128;
  static final int MAX_CODE = 256;
  static final int MAX_TEXT = 1000;
  static final int MAX_COMMENT = 4000;
  static final int MAX_SUGGESTIONS = 20;

  /** RFC 3339 §5.6 date-time: a full date, T, a full time with optional fraction, Z or offset. */
  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

  List<FeedbackItem> parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw invalid("The feedback request body must be a JSON object with a 'feedback' array.");
    }
    JsonNode feedback = body.get("feedback");
    if (feedback == null || feedback.isNull()) {
      throw invalid("'feedback' is required: an array of feedback items.");
    }
    if (!feedback.isArray()) {
      throw invalid("'feedback' must be an array of feedback items.");
    }
    if (feedback.isEmpty()) {
      throw invalid("'feedback' must hold at least one feedback item.");
    }
    if (feedback.size() > MAX_ITEMS) {
      throw invalid("'feedback' holds more than " + MAX_ITEMS + " items.");
    }
    List<FeedbackItem> items = new ArrayList<>(feedback.size());
    for (int i = 0; i < feedback.size(); i++) {
      items.add(item(feedback.get(i), "feedback[" + i + "]"));
    }
    return items;
  }

  private FeedbackItem item(JsonNode item, String path) {
    if (!item.isObject()) {
      throw invalid("'" + path + "' must be a JSON object.");
    }
    String card = requiredString(item, "card", path, MAX_ID);
    String outcomeText = requiredString(item, "outcome", path, MAX_ID);
    FeedbackItem.Outcome outcome =
        switch (outcomeText) {
          case "accepted" -> FeedbackItem.Outcome.ACCEPTED;
          case "overridden" -> FeedbackItem.Outcome.OVERRIDDEN;
          default ->
              throw invalid(
                  "'"
                      + path
                      + ".outcome' must be 'accepted' or 'overridden', not '"
                      + CdsException.sanitize(outcomeText)
                      + "'.");
        };
    OffsetDateTime timestamp = timestamp(item, path);
    List<String> suggestions = List.of();
    JsonNode accepted = present(item, "acceptedSuggestions");
    if (outcome == FeedbackItem.Outcome.ACCEPTED) {
      if (accepted == null) {
        throw invalid(
            "'"
                + path
                + ".acceptedSuggestions' is required when outcome is 'accepted': an array of"
                + " {\"id\": <suggestion uuid>}.");
      }
      suggestions = suggestions(accepted, path + ".acceptedSuggestions");
    } else if (accepted != null) {
      throw invalid(
          "'"
              + path
              + ".acceptedSuggestions' is only allowed when outcome is 'accepted' (it is"
              + " 'overridden').");
    }
    FeedbackItem.Reason reason = null;
    String comment = null;
    JsonNode overrideReason = present(item, "overrideReason");
    if (overrideReason != null) {
      String at = path + ".overrideReason";
      if (outcome != FeedbackItem.Outcome.OVERRIDDEN) {
        throw invalid(
            "'" + at + "' is only allowed when outcome is 'overridden' (it is 'accepted').");
      }
      if (!overrideReason.isObject()) {
        throw invalid("'" + at + "' must be an object with 'reason' (a Coding) or 'userComment'.");
      }
      JsonNode coding = present(overrideReason, "reason");
      if (coding != null) {
        reason = coding(coding, at + ".reason");
      }
      comment = optionalString(overrideReason, "userComment", at, MAX_COMMENT);
      if (reason == null && comment == null) {
        throw invalid("'" + at + "' must carry 'reason' (a Coding), 'userComment', or both.");
      }
    }
    return new FeedbackItem(card, outcome, suggestions, reason, comment, timestamp);
  }

  private static List<String> suggestions(JsonNode node, String path) {
    if (!node.isArray()) {
      throw invalid("'" + path + "' must be an array of {\"id\": <suggestion uuid>}.");
    }
    if (node.isEmpty()) {
      throw invalid("'" + path + "' must name at least one suggestion when outcome is 'accepted'.");
    }
    if (node.size() > MAX_SUGGESTIONS) {
      throw invalid("'" + path + "' holds more than " + MAX_SUGGESTIONS + " suggestions.");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode suggestion = node.get(i);
      String at = path + "[" + i + "]";
      if (!suggestion.isObject()) {
        throw invalid("'" + at + "' must be an object {\"id\": <suggestion uuid>}.");
      }
      ids.add(requiredString(suggestion, "id", at, MAX_ID));
    }
    return List.copyOf(ids);
  }

  private static FeedbackItem.Reason coding(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid("'" + path + "' must be a Coding object with at least 'code'.");
    }
    String code = requiredString(node, "code", path, MAX_CODE);
    String system = optionalString(node, "system", path, MAX_TEXT);
    String display = optionalString(node, "display", path, MAX_TEXT);
    return new FeedbackItem.Reason(system, code, display);
  }

  private static OffsetDateTime timestamp(JsonNode item, String path) {
    String at = path + ".outcomeTimestamp";
    JsonNode node = present(item, "outcomeTimestamp");
    if (node == null) {
      throw invalid(
          "'" + at + "' is required: an RFC 3339 date-time such as 2021-12-11T10:05:31Z.");
    }
    if (!node.isString()) {
      throw invalid("'" + at + "' must be a string: an RFC 3339 date-time.");
    }
    String text = node.stringValue();
    if (!RFC3339.matcher(text).matches()) {
      throw invalid(
          "'"
              + at
              + "' must be an RFC 3339 date-time with a time zone, such as 2021-12-11T10:05:31Z;"
              + " got '"
              + CdsException.sanitize(text)
              + "'.");
    }
    try {
      return OffsetDateTime.parse(text.replace('t', 'T').replace('z', 'Z'));
    } catch (DateTimeParseException e) {
      throw invalid(
          "'" + at + "' is not a valid date-time: '" + CdsException.sanitize(text) + "'.");
    }
  }

  /** The field's value, or null when it is absent or JSON null (lenient for optional fields). */
  private static JsonNode present(JsonNode object, String field) {
    JsonNode node = object.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private static String requiredString(JsonNode object, String field, String path, int max) {
    String at = path + "." + field;
    JsonNode node = present(object, field);
    if (node == null) {
      throw invalid("'" + at + "' is required.");
    }
    return string(node, at, max);
  }

  private static String optionalString(JsonNode object, String field, String path, int max) {
    JsonNode node = present(object, field);
    return node == null ? null : string(node, path + "." + field, max);
  }

  private static String string(JsonNode node, String at, int max) {
    if (!node.isString()) {
      throw invalid("'" + at + "' must be a string.");
    }
    String value = node.stringValue();
    if (value.isBlank()) {
      throw invalid("'" + at + "' must not be empty.");
    }
    if (value.length() > max) {
      throw invalid("'" + at + "' is longer than " + max + " characters.");
    }
    // Ids, codes and displays are one line; only the free-text comment may hold line breaks.
    if (max != MAX_COMMENT && value.chars().anyMatch(Character::isISOControl)) {
      throw invalid("'" + at + "' must not contain control characters.");
    }
    return value;
  }

  private static CdsException invalid(String message) {
    return CdsException.badRequest(message);
  }
}
