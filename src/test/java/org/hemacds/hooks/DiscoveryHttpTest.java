package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /cds-services} (CDS Hooks 2.0 §Discovery; checklist B). */
class DiscoveryHttpTest extends HttpTestBase {

  /** The services of interface.md, id to hook. */
  private static final Map<String, String> SERVICES =
      Map.of(
          "hematology-order-select", "order-select",
          "hematology-order-sign", "order-sign",
          "hematology-patient-view", "patient-view");

  /** The fields CDS Hooks 2.0 defines for a service, plus the reserved {@code extension}. */
  private static final Set<String> SERVICE_FIELDS =
      Set.of("hook", "title", "description", "id", "prefetch", "usageRequirements", "extension");

  /**
   * Prefetch tokens that all three hooks allow: the context fields marked "Prefetch Token: Yes"
   * (userId, patientId, encounterId) and the user tokens of 2.0 §Prefetch tokens.
   */
  private static final Set<String> ALLOWED_TOKENS =
      Set.of(
          "context.userId",
          "context.patientId",
          "context.encounterId",
          "userPractitionerId",
          "userPractitionerRoleId",
          "userPatientId",
          "userRelatedPersonId");

  private static final Pattern TOKEN = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
  private static final Pattern PARAMETER_NAME = Pattern.compile("_?[a-z][a-z0-9-]*(:[a-z-]+)?");
  private static final Pattern SORT_KEY = Pattern.compile("-?_?[a-z][a-z0-9-]*");

  @Test
  void discoveryListsExactlyTheThreeServices() {
    Reply reply = get("/cds-services").assertStatus(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.isObject()).isTrue();
    assertThat(fieldNames(body)).containsExactly("services");
    JsonNode services = body.get("services");
    assertThat(services.isArray()).isTrue();

    Map<String, String> found = new LinkedHashMap<>();
    for (JsonNode service : services) {
      found.put(service.path("id").asString(null), service.path("hook").asString(null));
    }
    assertThat(services.size()).as("no duplicate service ids").isEqualTo(found.size());
    assertThat(found).isEqualTo(SERVICES);
  }

  @Test
  void everyServiceHasItsFieldsAsStrings() {
    for (JsonNode service : get("/cds-services").json().get("services")) {
      String id = service.path("id").asString("");
      assertThat(SERVICE_FIELDS).as("fields of %s", id).containsAll(fieldNames(service));
      for (String field : List.of("hook", "id", "title", "description")) {
        assertThat(service.path(field).isString()).as("%s.%s is a string", id, field).isTrue();
        assertThat(service.path(field).stringValue()).as("%s.%s", id, field).isNotBlank();
      }
      if (service.has("usageRequirements")) {
        assertThat(service.get("usageRequirements").isString()).isTrue();
      }
      assertThat(service.path("prefetch").isObject()).as("%s.prefetch is an object", id).isTrue();
    }
  }

  @Test
  void usageRequirementsDoNotAskForATokenWhenSecurityIsOff() {
    for (JsonNode service : get("/cds-services").json().get("services")) {
      assertThat(service.path("usageRequirements").stringValue())
          .contains("prefetch")
          .doesNotContain("JWT");
    }
  }

  @Test
  void prefetchTemplatesUseOnlyAllowedTokensAndTheQuerySubset() {
    for (JsonNode service : get("/cds-services").json().get("services")) {
      String id = service.path("id").asString("");
      for (Map.Entry<String, JsonNode> entry : service.get("prefetch").properties()) {
        String where = id + ".prefetch." + entry.getKey();
        assertThat(entry.getKey()).as("key of %s", where).matches("[A-Za-z][A-Za-z0-9_-]*");
        assertThat(entry.getValue().isString()).as("%s is a string", where).isTrue();
        checkTemplate(where, entry.getValue().stringValue());
      }
    }
  }

  /** Checks one template against 2.0 §Prefetch tokens and §Prefetch query restrictions. */
  static void checkTemplate(String where, String template) {
    assertThat(template).as(where).isNotBlank().doesNotContain(" ");
    assertThat(template).as("%s is a relative URL", where).doesNotStartWith("/");

    Matcher tokens = TOKEN.matcher(template);
    while (tokens.find()) {
      assertThat(tokens.group(1)).as("token in %s: %s", where, template).isIn(ALLOWED_TOKENS);
    }
    String withoutTokens = TOKEN.matcher(template).replaceAll("TOKEN");
    assertThat(withoutTokens)
        .as("%s has no stray or unclosed token delimiters: %s", where, template)
        .doesNotContain("{")
        .doesNotContain("}");

    if (template.equals("{{context.userId}}")) {
      return; // userId is already a reference (Practitioner/123): a read on its own
    }
    int query = template.indexOf('?');
    String path = query < 0 ? template : template.substring(0, query);
    assertThat(path).as("%s is a relative URL", where).doesNotContain(":");
    String[] segments = path.split("/", -1);
    assertThat(segments[0]).as("resource type of %s", where).matches(RESOURCE_TYPE);
    if (query < 0) {
      assertThat(segments).as("%s is a read Type/id", where).hasSize(2);
      assertThat(segments[1]).as("id of %s", where).isNotEmpty();
      return;
    }
    assertThat(segments).as("%s is a type-level search", where).hasSize(1);

    assertThat(template)
        .as("%s: sort:desc is not FHIR; use _sort=-date", where)
        .doesNotContain("sort:");
    Set<String> names = new HashSet<>();
    List<String> parameters =
        new ArrayList<>(List.of(template.substring(query + 1).split("&", -1)));
    assertThat(parameters).as("%s has parameters", where).isNotEmpty();
    for (String parameter : parameters) {
      int eq = parameter.indexOf('=');
      assertThat(eq).as("%s: parameter '%s' has a value", where, parameter).isPositive();
      String name = parameter.substring(0, eq);
      String value = parameter.substring(eq + 1);
      assertThat(name).as("%s: parameter name", where).matches(PARAMETER_NAME);
      assertThat(value).as("%s: value of %s", where, name).isNotEmpty();
      assertThat(names.add(name))
          .as("%s repeats parameter '%s' (clients merge repeats into an OR)", where, name)
          .isTrue();
      if (name.equals("_sort")) {
        for (String key : value.split(",")) {
          assertThat(key).as("%s: _sort key", where).matches(SORT_KEY);
        }
      }
      if (name.equals("_count")) {
        assertThat(value).as("%s: _count", where).matches("[1-9][0-9]*");
      }
    }
  }

  @Test
  void templateCheckerRejectsTheSpecExampleDefects() {
    // The checker itself must catch what the spec's own examples get wrong.
    assertRejected("Observation?patient={{context.patientId}}&sort:desc=date");
    assertRejected("Observation?patient={{context.patientId}}&code=a&code=b");
    assertRejected("MedicationRequest?patient={{context.draftOrders.id}}");
    assertRejected("Practitioner/{{context.userId}}x{{context.selections}}");
    assertRejected("Patient/{{context.patientId}");
    assertRejected("Patient?_id={{patient}}");
    // ...and accepts the templates it is meant to accept.
    checkTemplate("ok", "Patient/{{context.patientId}}");
    checkTemplate(
        "ok",
        "Observation?patient={{context.patientId}}&code=http://loinc.org|718-7&_sort=-date"
            + "&_count=1");
    checkTemplate("ok", "PractitionerRole?_id={{userPractitionerRoleId}}");
    checkTemplate("ok", "{{context.userId}}");
  }

  private static void assertRejected(String template) {
    boolean rejected;
    try {
      checkTemplate("probe", template);
      rejected = false;
    } catch (AssertionError expected) {
      rejected = true;
    }
    assertThat(rejected).as("checker rejects %s", template).isTrue();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }
}
