package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The running service over real HTTP, with the shared FHIR test servers on its allow-list. Every
 * subclass shares one Spring context (same properties, same dynamic property source).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "cds.security.enabled=false",
      "cds.fhir.timeout=" + CdsHttpTestBase.TIMEOUT_MILLIS + "ms",
      "cds.fhir.page-size=50",
      "cds.fhir.max-response-size=1MB"
    })
abstract class CdsHttpTestBase {

  static final long TIMEOUT_MILLIS = 2000;
  static final Duration FHIR_TIMEOUT = Duration.ofMillis(TIMEOUT_MILLIS);

  static final JsonMapper JSON = FhirTestServers.JSON;
  static final FhirTestServers SERVERS = FhirTestServers.get();

  /** The service instance (by port) that has already made its first, cold, FHIR fetch. */
  private static volatile int warmedPort;

  static final String ORDER_SELECT = "hematology-order-select";
  static final String ORDER_SIGN = "hematology-order-sign";
  static final String PATIENT_VIEW = "hematology-patient-view";
  static final Map<String, String> HOOKS =
      Map.of(ORDER_SELECT, "order-select", ORDER_SIGN, "order-sign", PATIENT_VIEW, "patient-view");

  /** R01's card, as the rule catalogue words it. */
  static final String R01_SUMMARY =
      "Arsenic trioxide is not recommended for aplastic anemia outside a trial; standard care is"
          + " hATG + cyclosporine or HSCT";

  static final String R01_SOURCE_URL =
      "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=d1e2107c-26c3-40fc-978e-0ba5b84098ac";

  @DynamicPropertySource
  static void fhirServers(DynamicPropertyRegistry registry) {
    registry.add("cds.fhir.allowed-servers", SERVERS::allowedServers);
  }

  @LocalServerPort int port;

  /**
   * The service's first FHIR fetch after start-up loads classes and builds its HTTP client; on a
   * busy 2-core machine that alone can take most of a 2 s deadline. One call absorbs it.
   */
  @BeforeEach
  void warmUpService() {
    if (warmedPort != port) {
      invoke(ORDER_SIGN, withServer(request(ORDER_SIGN, "aa-1"), SERVERS.hapi.baseUrl(), null));
      warmedPort = port;
    }
  }

  /** What a card says, without its uuid: what equivalent requests must agree on. */
  record CardKey(String summary, String indicator, String sourceLabel, String sourceUrl) {}

  /** A service's HTTP answer. */
  record Answer(int status, String body, Duration elapsed) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    List<CardKey> cards() {
      JsonNode cards = json().get("cards");
      assertThat(cards).as("cards array in %s", body).isNotNull();
      List<CardKey> keys = new ArrayList<>();
      for (JsonNode card : cards) {
        keys.add(
            new CardKey(
                card.path("summary").asString(),
                card.path("indicator").asString(),
                card.path("source").path("label").asString(),
                card.path("source").path("url").asString()));
      }
      return keys;
    }

    boolean hasR01Card() {
      return cards().stream()
          .anyMatch(
              c ->
                  R01_SUMMARY.equals(c.summary())
                      && "warning".equals(c.indicator())
                      && R01_SOURCE_URL.equals(c.sourceUrl()));
    }

    /** A refusal: an error status with an OperationOutcome body and no card at all. */
    void assertRefusedWith(int expected) {
      assertThat(status).as("status of %s", body).isEqualTo(expected);
      JsonNode json = json();
      assertThat(json.path("resourceType").asString()).isEqualTo("OperationOutcome");
      assertThat(json.has("cards")).as("cards in an error body").isFalse();
    }
  }

  /** A CDS Hooks request for one of the fixture patients, ordering arsenic trioxide. */
  static ObjectNode request(String serviceId, String patientId) {
    String hook = HOOKS.get(serviceId);
    ObjectNode body = JSON.createObjectNode();
    body.put("hook", hook);
    body.put("hookInstance", UUID.randomUUID().toString());
    ObjectNode context = body.putObject("context");
    context.put("userId", "Practitioner/dr-1");
    context.put("patientId", patientId);
    if (!hook.equals("patient-view")) {
      String drafts =
          FhirTestServers.resourceText("fhir/draft-orders-arsenic-trioxide.json")
              .replace("{{patientId}}", patientId);
      context.set("draftOrders", JSON.readTree(drafts));
    }
    if (hook.equals("order-select")) {
      context.putArray("selections").add("MedicationRequest/ato-draft");
    }
    return body;
  }

  static ObjectNode withServer(ObjectNode request, String fhirServer, String token) {
    request.put("fhirServer", fhirServer);
    if (token != null) {
      ObjectNode auth = request.putObject("fhirAuthorization");
      auth.put("access_token", token);
      auth.put("token_type", "Bearer");
      auth.put("expires_in", 300);
      auth.put("scope", "user/Patient.read user/Condition.read user/ResearchSubject.read");
      auth.put("subject", "hematology-cds");
    }
    return request;
  }

  static ObjectNode withPrefetch(ObjectNode request, Map<String, JsonNode> prefetch) {
    ObjectNode node = request.putObject("prefetch");
    prefetch.forEach(node::set);
    return request;
  }

  Answer invoke(String serviceId, ObjectNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/cds-services/" + serviceId))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    long start = System.nanoTime();
    HttpResponse<String> response = send(request);
    return new Answer(
        response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** The service's prefetch templates, as discovery publishes them. */
  Map<String, String> discoveredTemplates(String serviceId) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cds-services"))
            .header("Accept", "application/json")
            .build();
    HttpResponse<String> response = send(request);
    assertThat(response.statusCode()).isEqualTo(200);
    for (JsonNode service : JSON.readTree(response.body()).get("services")) {
      if (serviceId.equals(service.path("id").asString())) {
        Map<String, String> templates = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : service.path("prefetch").properties()) {
          templates.put(e.getKey(), e.getValue().asString());
        }
        return templates;
      }
    }
    throw new AssertionError("no service " + serviceId + " in discovery");
  }

  static HttpResponse<String> send(HttpRequest request) {
    return FhirTestServers.send(request);
  }
}
