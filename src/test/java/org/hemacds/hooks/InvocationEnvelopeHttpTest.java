package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CDS Hooks request envelope (2.0 §Calling a CDS Service; checklist A #4, C #17-#25): every
 * missing or wrong field is a 400 whose diagnostics name the field; what the spec allows is 200.
 */
class InvocationEnvelopeHttpTest extends HttpTestBase {

  private static final String SELECT = "hematology-order-select";
  private static final String SIGN = "hematology-order-sign";
  private static final String VIEW = "hematology-patient-view";

  /** A request body, the service it goes to, and what the 400's diagnostics must name. */
  record Invalid(
      String service, Supplier<ObjectNode> base, Consumer<ObjectNode> edit, String field) {
    ObjectNode body() {
      ObjectNode body = base.get();
      edit.accept(body);
      return body;
    }
  }

  private static Arguments invalid(
      String name,
      String service,
      Supplier<ObjectNode> base,
      Consumer<ObjectNode> edit,
      String field) {
    return Arguments.of(named(name, new Invalid(service, base, edit, field)));
  }

  /** The same edit on all three services. */
  private static Stream<Arguments> onEveryService(
      String name, Consumer<ObjectNode> edit, String field) {
    return Stream.of(
        invalid(name + " (order-select)", SELECT, HttpTestBase::orderSelect, edit, field),
        invalid(name + " (order-sign)", SIGN, HttpTestBase::orderSign, edit, field),
        invalid(name + " (patient-view)", VIEW, HttpTestBase::patientView, edit, field));
  }

  private static ObjectNode fhirAuthorization() {
    ObjectNode auth = JSON.createObjectNode();
    auth.put("access_token", "some-opaque-fhir-access-token");
    auth.put("token_type", "Bearer");
    auth.put("expires_in", 300);
    auth.put("scope", "user/Patient.read user/Observation.read");
    auth.put("subject", "cds-service4");
    return auth;
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
            // hook
            onEveryService("missing hook", b -> b.remove("hook"), "'hook'"),
            onEveryService("hook is a number", b -> b.put("hook", 42), "'hook'"),
            onEveryService("hook is an object", b -> b.putObject("hook").put("id", "x"), "'hook'"),
            onEveryService("hook is null", b -> b.putNull("hook"), "'hook'"),
            onEveryService("hook is empty", b -> b.put("hook", ""), "'hook'"),
            onEveryService("hook is unknown", b -> b.put("hook", "encounter-start"), "'hook'"),
            Stream.of(
                invalid(
                    "order-sign hook sent to order-select",
                    SELECT,
                    HttpTestBase::orderSign,
                    b -> {},
                    "'hook'"),
                invalid(
                    "order-select hook sent to order-sign",
                    SIGN,
                    HttpTestBase::orderSelect,
                    b -> {},
                    "'hook'"),
                invalid(
                    "order-select hook sent to patient-view",
                    VIEW,
                    HttpTestBase::orderSelect,
                    b -> {},
                    "'hook'"),
                invalid(
                    "patient-view hook sent to order-sign",
                    SIGN,
                    HttpTestBase::patientView,
                    b -> {},
                    "'hook'")),
            // hookInstance
            onEveryService("missing hookInstance", b -> b.remove("hookInstance"), "hookInstance"),
            onEveryService(
                "hookInstance is a number", b -> b.put("hookInstance", 7), "hookInstance"),
            // context
            onEveryService("missing context", b -> b.remove("context"), "'context'"),
            onEveryService("context is null", b -> b.putNull("context"), "'context'"),
            onEveryService("context is a string", b -> b.put("context", "x"), "'context'"),
            onEveryService("context is an array", b -> b.putArray("context"), "'context'"),
            onEveryService("missing userId", b -> context(b).remove("userId"), "context.userId"),
            onEveryService(
                "userId is a number", b -> context(b).put("userId", 1), "context.userId"),
            onEveryService(
                "missing patientId", b -> context(b).remove("patientId"), "context.patientId"),
            onEveryService(
                "patientId is a number", b -> context(b).put("patientId", 1), "context.patientId"),
            onEveryService(
                "patientId is empty", b -> context(b).put("patientId", ""), "context.patientId"),
            onEveryService(
                "patientId is a reference",
                b -> context(b).put("patientId", "Patient/1"),
                "context.patientId"),
            onEveryService(
                "patientId is a URL",
                b -> context(b).put("patientId", "http://ehr.example.org/fhir/Patient/1"),
                "context.patientId"),
            onEveryService(
                "patientId has a space",
                b -> context(b).put("patientId", "12 34"),
                "context.patientId"),
            onEveryService(
                "encounterId is a number",
                b -> context(b).put("encounterId", 5),
                "context.encounterId"),
            // order-select: selections
            Stream.of(
                invalid(
                    "missing selections",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b -> context(b).remove("selections"),
                    "context.selections"),
                invalid(
                    "selections is null",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b -> context(b).putNull("selections"),
                    "context.selections"),
                invalid(
                    "selections is a string",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b -> context(b).put("selections", "MedicationRequest/1"),
                    "context.selections"),
                invalid(
                    "selections is an object",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b -> context(b).putObject("selections").put("a", "MedicationRequest/1"),
                    "context.selections"),
                invalid(
                    "a selection is a bare id",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b ->
                        ((tools.jackson.databind.node.ArrayNode) context(b).get("selections"))
                            .add("MedicationRequest/1")
                            .add("1"),
                    "context.selections[1]"),
                invalid(
                    "a selection is a number",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b ->
                        ((tools.jackson.databind.node.ArrayNode) context(b).get("selections"))
                            .add(1),
                    "context.selections[0]"),
                invalid(
                    "a selection is an absolute URL",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b ->
                        ((tools.jackson.databind.node.ArrayNode) context(b).get("selections"))
                            .add("http://ehr.example.org/fhir/MedicationRequest/1"),
                    "context.selections[0]"),
                invalid(
                    "a selection has no id",
                    SELECT,
                    HttpTestBase::orderSelect,
                    b ->
                        ((tools.jackson.databind.node.ArrayNode) context(b).get("selections"))
                            .add("MedicationRequest/"),
                    "context.selections[0]")),
            // draftOrders
            Stream.of(SELECT, SIGN)
                .flatMap(
                    service -> {
                      Supplier<ObjectNode> base =
                          service.equals(SELECT)
                              ? HttpTestBase::orderSelect
                              : HttpTestBase::orderSign;
                      return Stream.of(
                          invalid(
                              "missing draftOrders (" + service + ")",
                              service,
                              base,
                              b -> context(b).remove("draftOrders"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders is null (" + service + ")",
                              service,
                              base,
                              b -> context(b).putNull("draftOrders"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders is an array (" + service + ")",
                              service,
                              base,
                              b -> context(b).putArray("draftOrders"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders is a string (" + service + ")",
                              service,
                              base,
                              b -> context(b).put("draftOrders", "Bundle/1"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders is a MedicationRequest (" + service + ")",
                              service,
                              base,
                              b ->
                                  context(b)
                                      .putObject("draftOrders")
                                      .put("resourceType", "MedicationRequest"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders has no resourceType (" + service + ")",
                              service,
                              base,
                              b ->
                                  ((ObjectNode) context(b).get("draftOrders"))
                                      .remove("resourceType"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders.resourceType is an object (" + service + ")",
                              service,
                              base,
                              b ->
                                  ((ObjectNode) context(b).get("draftOrders"))
                                      .putObject("resourceType")
                                      .put("value", "Bundle"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders.resourceType is an array (" + service + ")",
                              service,
                              base,
                              b ->
                                  ((ObjectNode) context(b).get("draftOrders"))
                                      .putArray("resourceType")
                                      .add("Bundle"),
                              "context.draftOrders"),
                          invalid(
                              "draftOrders.entry is an object (" + service + ")",
                              service,
                              base,
                              b ->
                                  ((ObjectNode) context(b).get("draftOrders"))
                                      .putObject("entry")
                                      .put("x", 1),
                              "context.draftOrders.entry"));
                    }),
            // fhirServer and fhirAuthorization
            onEveryService(
                "fhirAuthorization without fhirServer",
                b -> b.set("fhirAuthorization", fhirAuthorization()),
                "fhirServer"),
            onEveryService(
                "fhirAuthorization is a string",
                b -> {
                  b.put("fhirServer", "http://localhost:8080/fhir");
                  b.put("fhirAuthorization", "Bearer abc");
                },
                "fhirAuthorization"),
            onEveryService(
                "fhirAuthorization without access_token",
                b -> {
                  b.put("fhirServer", "http://localhost:8080/fhir");
                  ObjectNode auth = fhirAuthorization();
                  auth.remove("access_token");
                  b.set("fhirAuthorization", auth);
                },
                "fhirAuthorization.access_token"),
            onEveryService(
                "fhirAuthorization with access_token a number",
                b -> {
                  b.put("fhirServer", "http://localhost:8080/fhir");
                  b.set("fhirAuthorization", fhirAuthorization().put("access_token", 12345));
                },
                "fhirAuthorization.access_token"),
            onEveryService(
                "fhirAuthorization with token_type MAC",
                b -> {
                  b.put("fhirServer", "http://localhost:8080/fhir");
                  b.set("fhirAuthorization", fhirAuthorization().put("token_type", "MAC"));
                },
                "fhirAuthorization.token_type"),
            onEveryService(
                "fhirAuthorization without token_type",
                b -> {
                  b.put("fhirServer", "http://localhost:8080/fhir");
                  ObjectNode auth = fhirAuthorization();
                  auth.remove("token_type");
                  b.set("fhirAuthorization", auth);
                },
                "fhirAuthorization.token_type"),
            onEveryService(
                "fhirAuthorization with expires_in a string",
                b -> {
                  b.put("fhirServer", "http://localhost:8080/fhir");
                  b.set("fhirAuthorization", fhirAuthorization().put("expires_in", "300"));
                },
                "fhirAuthorization.expires_in"),
            onEveryService("fhirServer is a number", b -> b.put("fhirServer", 8080), "fhirServer"),
            Stream.of(
                    "https://evil.example.org",
                    "https://evil.example.org/fhir",
                    "http://localhost.evil.org",
                    "http://localhost.evil.org/fhir",
                    "http://localhost@evil.org",
                    "http://localhost:80@evil.org/",
                    "http://user:pass@localhost/fhir",
                    "http://localhost/fhir#fragment",
                    "ftp://localhost/fhir",
                    "file:///etc/passwd",
                    "localhost/fhir",
                    "//localhost/fhir",
                    "http://169.254.169.254/latest/meta-data",
                    "not a url")
                .flatMap(
                    url ->
                        onEveryService(
                            "fhirServer " + url + " not allowed",
                            b -> b.put("fhirServer", url),
                            "fhirServer")),
            // prefetch
            onEveryService("prefetch is an array", b -> b.putArray("prefetch"), "'prefetch'"),
            onEveryService("prefetch is a string", b -> b.put("prefetch", "x"), "'prefetch'"),
            onEveryService(
                "a prefetch value is a string",
                b -> b.putObject("prefetch").put("user", "123"),
                "prefetch.user"),
            onEveryService(
                "a prefetch value is an array",
                b -> b.putObject("prefetch").putArray("patient").add(1),
                "prefetch.patient"))
        .flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void invalidEnvelopeIs400NamingTheField(Invalid invalid) {
    invoke(invalid.service(), invalid.body()).assertBadRequest(invalid.field());
  }

  @Test
  void specExamplePatientViewIs400WhenItsFhirServerIsNotAllowed() throws IOException {
    // The default allow-list is loopback only; the example names http://hooks.smarthealthit.org.
    try (InputStream in =
        getClass().getResourceAsStream("/examples/request-patient-view.spec-2.0.1.json")) {
      assertThat(in).isNotNull();
      JsonNode body = JSON.readTree(in);
      invoke(VIEW, body).assertBadRequest("fhirServer");
    }
  }

  @Test
  void anExpiresInTooLargeForALongIs400() {
    // Jackson reads it as a BigInteger; it must not turn into a conversion error (500).
    ObjectNode body = orderSelect();
    body.put("fhirServer", "http://localhost:8080/fhir");
    body.set("fhirAuthorization", fhirAuthorization());
    String json =
        JSON.writeValueAsString(body)
            .replace("\"expires_in\":300", "\"expires_in\":123456789012345678901234567890");
    assertThat(json).contains("123456789012345678901234567890");
    postJson("/cds-services/" + SELECT, json).assertBadRequest("fhirAuthorization.expires_in");
  }

  @Test
  void overlongStringsAre400NamingTheField() {
    ObjectNode body = orderSelect();
    context(body).put("userId", "Practitioner/" + "x".repeat(5000));
    invoke(SELECT, body).assertBadRequest("context.userId");

    ObjectNode instance = orderSelect();
    instance.put("hookInstance", "x".repeat(5000));
    invoke(SELECT, instance).assertBadRequest("hookInstance");
  }

  @Test
  void hookInstanceLongerThanTheCardLogKeepsIs400() {
    // 129 characters passed the general string limit and then failed every card log write
    ObjectNode longest = orderSelect();
    longest.put("hookInstance", "h".repeat(HookRequestParser.MAX_HOOK_INSTANCE));
    invoke(SELECT, longest).assertNoCards();

    ObjectNode tooLong = orderSelect();
    tooLong.put("hookInstance", "h".repeat(HookRequestParser.MAX_HOOK_INSTANCE + 1));
    invoke(SELECT, tooLong).assertBadRequest("hookInstance");
  }

  @Test
  void fhirServerRefusalDoesNotEchoTheAccessToken() {
    ObjectNode body = orderSelect();
    body.put("fhirServer", "https://evil.example.org/fhir");
    body.set("fhirAuthorization", fhirAuthorization().put("access_token", "TOKEN-SECRET-123"));
    Reply reply = invoke(SELECT, body).assertBadRequest("fhirServer");
    assertThat(reply.body()).doesNotContain("TOKEN-SECRET-123");
  }

  // ---- accepted ----------------------------------------------------------------------------

  @Test
  void orderSelectWithAnEmptyDraftHasNoCards() {
    invoke(SELECT, orderSelect()).assertNoCards();
  }

  @Test
  void orderSignWithAnEmptyDraftHasNoCards() {
    invoke(SIGN, orderSign()).assertNoCards();
  }

  @Test
  void anEmptyEntryArrayInDraftOrdersIsAccepted() {
    ObjectNode body = orderSelect();
    ((ObjectNode) context(body).get("draftOrders")).putArray("entry");
    invoke(SELECT, body).assertNoCards();
  }

  @Test
  void aSelectionThatIsNotInDraftOrdersIsIgnored() {
    ObjectNode body = orderSelect();
    ((tools.jackson.databind.node.ArrayNode) context(body).get("selections"))
        .add("MedicationRequest/not-in-the-draft");
    invoke(SELECT, body).assertNoCards();
  }

  @Test
  void aDraftOrdersBundleWithoutTypeIsAccepted() {
    ObjectNode select = orderSelect();
    ((ObjectNode) context(select).get("draftOrders")).remove("type");
    invoke(SELECT, select).assertNoCards();

    ObjectNode sign = orderSign();
    ((ObjectNode) context(sign).get("draftOrders")).remove("type");
    invoke(SIGN, sign).assertNoCards();
  }

  @Test
  void unknownFieldsAndExtensionsAreIgnored() {
    ObjectNode body = orderSelect();
    body.put("somethingNew", "from a later spec version");
    body.putObject("extension").putObject("org.example.ehr").put("tenant", "a");
    body.putArray("unknownArray").add(1).add("two");
    context(body).put("unknownContextField", true);
    context(body).putObject("extension").put("com.example.flag", true);
    invoke(SELECT, body).assertNoCards();
  }

  @Test
  void oddJsonNumbersInUnknownFieldsAreIgnored() {
    String json =
        JSON.writeValueAsString(orderSelect())
            .replaceFirst(
                "\\{",
                "{\"a\":1e999999999,\"b\":-0,\"c\":123456789012345678901234567890.5e-999999,"
                    + "\"d\":-1E+308,\"e\":123456789012345678901234567890,");
    postJson("/cds-services/" + SELECT, json).assertNoCards();
  }

  @Test
  void aNullPrefetchValueAndAnEmptyPrefetchObjectAreAccepted() {
    ObjectNode body = orderSelect();
    body.putObject("prefetch").putNull("patient");
    invoke(SELECT, body).assertNoCards();

    ObjectNode empty = orderSelect();
    empty.putObject("prefetch");
    invoke(SELECT, empty).assertNoCards();
  }

  @Test
  void optionalFieldsMayBeNull() {
    // A null optional field means "absent" (a client that serialises nulls is lenient-worthy).
    ObjectNode body = orderSelect();
    body.putNull("fhirServer");
    body.putNull("fhirAuthorization");
    body.putNull("prefetch");
    context(body).putNull("encounterId");
    invoke(SELECT, body).assertNoCards();
  }

  @Test
  void aFhirIdIsAValidPatientId() {
    // Inferno's examples use patientId "example"; FHIR ids are [A-Za-z0-9-.]{1,64}.
    for (String id : List.of("example", "1288992", "a-b.C", "x".repeat(64))) {
      ObjectNode body = orderSelect();
      context(body).put("patientId", id);
      invoke(SELECT, body).assertNoCards();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost",
        "http://localhost:8080/fhir",
        "https://localhost:9443/fhir/r4",
        "http://127.0.0.1:1/fhir",
        "http://[::1]:8080/fhir",
        "HTTP://LOCALHOST:8080/fhir"
      })
  void aLoopbackFhirServerIsAllowedByDefault(String fhirServer) {
    // The envelope is accepted; whether data can then be fetched is another matter (412).
    ObjectNode body = orderSelect();
    body.put("fhirServer", fhirServer);
    body.set("fhirAuthorization", fhirAuthorization());
    Reply reply = invoke(SELECT, body);
    assertThat(reply.status()).as("status; body %s", reply.body()).isIn(200, 412);
  }

  @Test
  void aLowerCaseBearerTokenTypeIsAccepted() {
    // OAuth 2.0 token types are case-insensitive (RFC 6749 §5.1).
    ObjectNode body = orderSelect();
    body.put("fhirServer", "http://localhost:8080/fhir");
    body.set("fhirAuthorization", fhirAuthorization().put("token_type", "bearer"));
    Reply reply = invoke(SELECT, body);
    assertThat(reply.status()).as("status; body %s", reply.body()).isIn(200, 412);
  }

  @Test
  void fhirAuthorizationNeedsOnlyTokenAndType() {
    // scope, subject, expires_in are REQUIRED of the client, but a missing one does not stop CDS.
    ObjectNode body = orderSelect();
    body.put("fhirServer", "http://localhost:8080/fhir");
    ObjectNode auth = body.putObject("fhirAuthorization");
    auth.put("access_token", "abc");
    auth.put("token_type", "Bearer");
    Reply reply = invoke(SELECT, body);
    assertThat(reply.status()).as("status; body %s", reply.body()).isIn(200, 412);
  }
}
