package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every published example request (src/test/resources/examples) is a valid envelope: sent to the
 * matching service with its {@code fhirServer} allowed, the answer is 200 or 412, never 400 or 5xx
 * (checklist C #22-#24, I #78-#81). The examples' FHIR servers are not reachable from a test.
 */
@TestPropertySource(
    properties = {
      "cds.fhir.allowed-servers=https://example/r4,http://hooks.smarthealthit.org:9080,"
          + "https://ehr.example.org/fhir",
      "cds.fhir.timeout=1s"
    })
class ExampleRequestsHttpTest extends HttpTestBase {

  private static final Pattern CONTEXT_FILE = Pattern.compile("context-([a-z]+-[a-z]+)-.*\\.json");

  /** The examples the project ships; a missing one is a packaging mistake. */
  private static final Set<String> EXPECTED =
      Set.of(
          "request-patient-view.spec-2.0.1.json",
          "request-order-select.inferno-crd.json",
          "request-order-sign.inferno-crd.json",
          "request-order-sign-paginated-prefetch.spec-3.0.0-ballot.json",
          "context-order-select-r4.hooks-library-1.0.1.json",
          "context-order-sign-r4.hooks-library-1.0.1.json");

  static List<Resource> exampleFiles() throws IOException {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    List<Resource> files = new ArrayList<>();
    files.addAll(List.of(resolver.getResources("classpath:examples/request-*.json")));
    files.addAll(List.of(resolver.getResources("classpath:examples/context-*.json")));
    return files;
  }

  static Stream<Arguments> examples() throws IOException {
    return exampleFiles().stream().map(r -> Arguments.of(named(r.getFilename(), r)));
  }

  /** The example as a full request: context-only files get a hook and hookInstance. */
  private static ObjectNode requestFor(Resource file) throws IOException {
    ObjectNode body;
    try (InputStream in = file.getInputStream()) {
      body = (ObjectNode) JSON.readTree(in);
    }
    Matcher context = CONTEXT_FILE.matcher(file.getFilename());
    if (context.matches()) {
      assertThat(body.has("hook")).as("a context-only example has no hook").isFalse();
      body.put("hook", context.group(1));
      body.put("hookInstance", UUID.randomUUID().toString());
    }
    return body;
  }

  @Test
  void allExamplesArePackaged() throws IOException {
    assertThat(exampleFiles().stream().map(Resource::getFilename)).containsAll(EXPECTED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleEnvelopeIsAccepted(Resource file) throws IOException {
    ObjectNode body = requestFor(file);
    String hook = body.path("hook").asString("");
    assertThat(hook).isIn("patient-view", "order-select", "order-sign");

    Reply reply = invoke("hematology-" + hook, body);

    assertThat(reply.status())
        .as("%s: the envelope is valid, so 200 or 412; body %s", file.getFilename(), reply.body())
        .isIn(200, 412);
    if (reply.status() == 200) {
      JsonNode cards = reply.json().get("cards");
      assertThat(cards).as("cards").isNotNull();
      assertThat(cards.isArray()).isTrue();
    } else {
      reply.assertOperationOutcome(412, FHIR_ISSUE_TYPES);
    }
  }

  @Test
  void theExamplesWouldBeRefusedOnlyForTheirFhirServerByDefault() throws IOException {
    // In this context the example servers are allowed; check the allow-list is what made the
    // difference by sending one with a fhirServer outside the configured list.
    ObjectNode body = requestFor(resource("request-order-select.inferno-crd.json"));
    body.put("fhirServer", "https://example/r5");
    invoke("hematology-order-select", body).assertBadRequest("fhirServer");
  }

  private static Resource resource(String name) throws IOException {
    return exampleFiles().stream()
        .filter(r -> name.equals(r.getFilename()))
        .findFirst()
        .orElseThrow();
  }
}
