package org.hemacds.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hemacds.cards.RulesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one built-in request per hook through the whole request path (body parsing, reading drafts
 * and prefetch, the engine, UCUM conversions, card rendering with HAPI-encoded suggestions, JSON
 * writing) before the server takes traffic, so that first-use work (class loading, HAPI's encoder,
 * UCUM factors, Jackson serializers) is not paid by the first clinician. A failure here is logged
 * and never stops startup. Not in the offline evaluator, which answers once and exits.
 */
@Component
@ConditionalOnProperty(name = "cds.offline", havingValue = "false", matchIfMissing = true)
class RequestPathWarmup implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(RequestPathWarmup.class);
  private static final String REQUEST = "/warmup/order-select.json";
  private static final Pattern DAYS_AGO = Pattern.compile("\\{\\{today-(\\d+)}}");

  private final CdsServiceCatalog catalog;
  private final RequestBodies bodies;
  private final HookRequestParser parser;
  private final HookHandler handler;
  private final ObjectProvider<JsonMapper> responseJson;
  private final Clock clock;

  RequestPathWarmup(
      CdsServiceCatalog catalog,
      RequestBodies bodies,
      HookRequestParser parser,
      HookHandler handler,
      ObjectProvider<JsonMapper> responseJson,
      RulesProperties rules) {
    this.catalog = catalog;
    this.bodies = bodies;
    this.parser = parser;
    this.handler = handler;
    this.responseJson = responseJson;
    this.clock = Clock.system(rules.timeZone());
  }

  @Override
  public void afterSingletonsInstantiated() {
    long start = System.nanoTime();
    try {
      JsonNode orderSelect = bodies.parse(request());
      int cards = 0;
      for (CdsService service : catalog.services()) {
        JsonNode body = forHook(orderSelect, service.hook());
        CdsResponse response =
            handler.answerUnrecorded(service, parser.parse(body, service.hook()));
        responseJson.getIfAvailable(() -> JsonMapper.builder().build()).writeValueAsBytes(response);
        cards += response.cards().size();
      }
      log.info(
          "Warmed up the request path in {} ms ({} cards on the built-in requests)",
          (System.nanoTime() - start) / 1_000_000,
          cards);
    } catch (CdsException e) {
      // e.g. cds.limits set smaller than the built-in request: nothing is wrong with the service
      log.info(
          "Skipped the request-path warm-up: the built-in request was refused ({})",
          e.getMessage());
    } catch (RuntimeException | IOException e) {
      log.warn("Warm-up of the request path failed; the first requests will be slower", e);
    }
  }

  /** The built-in order-select request, its dates relative to today. */
  private byte[] request() throws IOException {
    String text;
    try (InputStream in = RequestPathWarmup.class.getResourceAsStream(REQUEST)) {
      if (in == null) {
        throw new IOException(REQUEST + " missing from the classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    LocalDate today = LocalDate.now(clock);
    Matcher m = DAYS_AGO.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, today.minusDays(Long.parseLong(m.group(1))).toString());
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode forHook(JsonNode orderSelect, Hook hook) {
    ObjectNode body = ((ObjectNode) orderSelect).deepCopy();
    body.put("hook", hook.id());
    ObjectNode context = (ObjectNode) body.get("context");
    if (hook != Hook.ORDER_SELECT) {
      context.remove("selections");
    }
    if (!hook.hasDraftOrders()) {
      context.remove("draftOrders");
    }
    return body;
  }
}
