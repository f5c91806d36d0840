package org.hemacds.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hemacds.demo.SampleLibrary.Sample;
import org.hemacds.security.LocalTokenIssuer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every request of {@code fhir-samples/} (as indexed by {@code expected.yaml}), with its dates
 * moved to today, is sent to its service over real HTTP with a CDS Hooks JWT of the demo issuer,
 * and must produce exactly the cards of the rules {@code expected.yaml} lists (a card's rule is the
 * {@code Rule Rxx v} footer of its detail). Also: every prefetch has exactly the keys of the
 * service's discovery templates, and every active rule of {@code cards/} fires in at least one
 * sample.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirSamplesHttpTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern FOOTER = Pattern.compile("Rule (R\\d+) v\\d+ · ");
  private static final Pattern DATE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @LocalServerPort int port;
  @Autowired SampleLibrary library;
  @Autowired LocalTokenIssuer issuer;

  @TestFactory
  Stream<DynamicTest> everySampleProducesExactlyItsExpectedCards() {
    JsonNode discovery = JSON.readTree(get("/cds-services").body());
    return library.samples().stream()
        .map(
            sample ->
                DynamicTest.dynamicTest(
                    sample.file() + " → " + sample.rules(), () -> check(sample, discovery)));
  }

  private void check(Sample sample, JsonNode discovery) {
    JsonNode service = serviceOf(discovery, sample.service());
    JsonNode request = library.request(sample);
    assertThat(request.path("hook").asString(""))
        .as("%s: hook of %s", sample.file(), sample.service())
        .isEqualTo(service.path("hook").asString());
    assertThat(request.path("context").path("patientId").asString(""))
        .as("%s: context.patientId", sample.file())
        .isEqualTo(sample.patientId());
    checkPrefetch(sample, service.path("prefetch"), request.path("prefetch"));

    String path = "/cds-services/" + sample.service();
    HttpResponse<String> response = post(path, JSON.writeValueAsString(request));
    assertThat(response.statusCode())
        .as("%s: status; body %s", sample.file(), response.body())
        .isEqualTo(200);
    List<String> fired = rulesOf(JSON.readTree(response.body()), sample.file());
    assertThat(fired)
        .as(
            "%s (%s): rules whose cards it produced (shifted by %d days from the anchor %s)",
            sample.file(), sample.shows(), library.shiftDays(), library.anchor())
        .containsExactlyInAnyOrderElementsOf(sample.rules());
  }

  /** The prefetch holds exactly the discovery keys, each a Patient or a searchset Bundle. */
  private static void checkPrefetch(Sample sample, JsonNode templates, JsonNode prefetch) {
    assertThat(names(prefetch))
        .as("%s: prefetch keys = the service's discovery template keys", sample.file())
        .isEqualTo(names(templates));
    for (Map.Entry<String, JsonNode> template : templates.properties()) {
      String query = template.getValue().asString();
      JsonNode value = prefetch.path(template.getKey());
      String expectedType = query.substring(0, query.indexOf(query.contains("?") ? '?' : '/'));
      if (!query.contains("?")) {
        assertThat(value.path("resourceType").asString(""))
            .as("%s: prefetch %s", sample.file(), template.getKey())
            .isEqualTo(expectedType);
        assertThat(value.path("id").asString(""))
            .as("%s: prefetch %s id", sample.file(), template.getKey())
            .isEqualTo(sample.patientId());
        continue;
      }
      assertThat(value.path("resourceType").asString("") + "/" + value.path("type").asString(""))
          .as("%s: prefetch %s is a searchset Bundle", sample.file(), template.getKey())
          .isEqualTo("Bundle/searchset");
      Set<String> codes = codesOf(query);
      for (JsonNode entry : value.path("entry")) {
        JsonNode resource = entry.path("resource");
        assertThat(resource.path("resourceType").asString(""))
            .as("%s: %s entries", sample.file(), template.getKey())
            .isEqualTo(expectedType);
        if (!codes.isEmpty()) {
          Set<String> own = new TreeSet<>();
          for (JsonNode coding : resource.path("code").path("coding")) {
            own.add(coding.path("system").asString("") + "|" + coding.path("code").asString(""));
          }
          assertThat(own)
              .as(
                  "%s: %s %s matches the template's code filter",
                  sample.file(), template.getKey(), resource.path("id"))
              .containsAnyElementsOf(codes);
        }
      }
    }
  }

  /**
   * Each sample with one prefetch key left out and no FHIR server to fetch it from: either 412
   * naming the key, or 200 with no card the full sample does not produce (no card rests on data
   * that could not be read) and, where the full sample has cards, not an empty 200 (it would read
   * as "nothing to advise" when advice could not be worked out).
   */
  @TestFactory
  Stream<DynamicTest> aSampleWithoutOneKeyIs412OrItsOtherCardsNeverAnEmpty200() {
    return library.samples().stream()
        .flatMap(
            sample ->
                names(library.request(sample).path("prefetch")).stream()
                    .map(
                        key ->
                            DynamicTest.dynamicTest(
                                sample.file() + " without " + key,
                                () -> checkWithout(sample, key))));
  }

  private void checkWithout(Sample sample, String key) {
    ObjectNode request = (ObjectNode) library.request(sample).deepCopy();
    ((ObjectNode) request.get("prefetch")).remove(key);
    request.remove("fhirServer");
    request.remove("fhirAuthorization");
    HttpResponse<String> response =
        post("/cds-services/" + sample.service(), JSON.writeValueAsString(request));
    String what = sample.file() + " without " + key;
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() == 412) {
      assertThat(body.path("issue").get(0).path("diagnostics").asString(""))
          .as("%s: the 412 names the key", what)
          .contains(key);
      return;
    }
    assertThat(response.statusCode()).as("%s: status; body %s", what, body).isEqualTo(200);
    List<String> fired = rulesOf(body, what);
    assertThat(sample.rules()).as("%s: cards of the full sample", what).containsAll(fired);
    if (!sample.rules().isEmpty()) {
      assertThat(fired).as("%s: an empty 200 where the full sample has cards", what).isNotEmpty();
    }
  }

  @Test
  void everyActiveRuleFiresInSomeSampleAndNoDraftRuleDoes() throws IOException {
    Set<String> active = new TreeSet<>();
    Set<String> draft = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("cards"))) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().matches("R\\d+-.*(?<!\\.tests)\\.yaml"))
              .toList()) {
        Map<?, ?> rule =
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(file, StandardCharsets.UTF_8));
        ("active".equals(rule.get("status")) ? active : draft).add(String.valueOf(rule.get("id")));
      }
    }
    Set<String> covered =
        library.samples().stream()
            .flatMap(s -> s.rules().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(active).as("active rules in cards/").isNotEmpty();
    assertThat(covered).as("rules the samples fire").containsAll(active);
    assertThat(covered).as("draft rules never fire").doesNotContainAnyElementsOf(draft);
  }

  @Test
  void everySampleFileIsIndexedAndNoneIsDatedAfterTheAnchor() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.list(Path.of("fhir-samples"))) {
      onDisk =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".json"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(onDisk)
        .as("fhir-samples/*.json = the files expected.yaml lists")
        .isEqualTo(library.samples().stream().map(Sample::file).collect(Collectors.toSet()));
    for (Sample sample : library.samples()) {
      List<String> future = new ArrayList<>();
      collectDatesAfter(sample.request(), library.anchor(), future);
      assertThat(future)
          .as(
              "%s: dates after the anchor %s (regenerate with generate.py so that the files and"
                  + " expected.yaml agree)",
              sample.file(), library.anchor())
          .isEmpty();
    }
  }

  @Test
  void theReadmeNamesEverySample() throws IOException {
    String readme = Files.readString(Path.of("fhir-samples", "README.md"), StandardCharsets.UTF_8);
    for (Sample sample : library.samples()) {
      assertThat(readme)
          .as("fhir-samples/README.md names %s", sample.file())
          .contains("`" + sample.file() + "`");
    }
  }

  @Test
  void samplesAreServedRedatedForCurl() {
    JsonNode index = JSON.readTree(get("/demo/samples").body());
    assertThat(index.path("anchor").asString()).isEqualTo(library.anchor().toString());
    assertThat(index.path("samples").size()).isEqualTo(library.samples().size());
    Sample first = library.samples().get(0);
    HttpResponse<String> one = get("/demo/samples/" + first.file());
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(one.body())).isEqualTo(library.request(first));
    assertThat(get("/demo/samples/nope.json").statusCode()).isEqualTo(404);
  }

  @Test
  void aPatientsChartHoldsEveryResourceOfItsSamplesOnce() {
    JsonNode chart = library.chart("aa-001").orElseThrow();
    List<String> ids = new ArrayList<>();
    for (JsonNode entry : chart.path("entry")) {
      ids.add(
          entry.path("resource").path("resourceType").asString()
              + "/"
              + entry.path("resource").path("id").asString());
    }
    assertThat(ids.get(0)).isEqualTo("Patient/aa-001");
    assertThat(ids)
        .doesNotHaveDuplicates()
        .contains("Condition/aa-001-saa", "Procedure/aa-001-tx3");
    assertThat(library.chart("nobody")).isEmpty();
  }

  private static void collectDatesAfter(JsonNode node, LocalDate anchor, List<String> out) {
    if (node.isString()) {
      Matcher m = DATE.matcher(node.stringValue());
      if (m.find() && LocalDate.parse(m.group(1)).isAfter(anchor)) {
        out.add(node.stringValue());
      }
    }
    for (JsonNode child : node) {
      collectDatesAfter(child, anchor, out);
    }
  }

  /** The rule of each card of an answer, from the {@code Rule Rxx v<n>} footer every card has. */
  private static List<String> rulesOf(JsonNode answer, String what) {
    List<String> rules = new ArrayList<>();
    for (JsonNode card : answer.path("cards")) {
      Matcher footer = FOOTER.matcher(card.path("detail").asString(""));
      assertThat(footer.find())
          .as("%s: card '%s' has the 'Rule Rxx v<n>' footer", what, card.path("summary"))
          .isTrue();
      rules.add(footer.group(1));
    }
    return rules;
  }

  private static JsonNode serviceOf(JsonNode discovery, String id) {
    for (JsonNode service : discovery.path("services")) {
      if (service.path("id").asString("").equals(id)) {
        return service;
      }
    }
    throw new AssertionError("no service " + id + " in discovery " + discovery);
  }

  private static Set<String> names(JsonNode object) {
    return object.properties().stream()
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The {@code system|code} tokens of a template's {@code code} parameter, if any. */
  private static Set<String> codesOf(String query) {
    Set<String> codes = new TreeSet<>();
    for (String param : query.substring(query.indexOf('?') + 1).split("&")) {
      if (param.startsWith("code=")) {
        for (String token :
            URLDecoder.decode(param.substring(5), StandardCharsets.UTF_8).split(",")) {
          codes.add(token);
        }
      }
    }
    return codes;
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + issuer.mint(uri(path).toString()))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
