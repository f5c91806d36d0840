package org.hemacds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import tools.jackson.databind.JsonNode;

/**
 * Fills a service's prefetch templates the way an EHR does: replaces the tokens, runs each query
 * against its FHIR server (URL-encoding the values), follows every page, and hands back one
 * complete searchset Bundle per search key (or the resource of a read). A template the server
 * refuses fails the test: the templates must be valid FHIR searches.
 */
final class SimulatedEhr {

  private static final Pattern TOKEN = Pattern.compile("\\{\\{([^}]+)}}");

  private SimulatedEhr() {}

  static Map<String, JsonNode> fill(
      Map<String, String> templates, String fhirBase, Map<String, String> tokens) {
    Map<String, JsonNode> prefetch = new LinkedHashMap<>();
    for (Map.Entry<String, String> template : templates.entrySet()) {
      String query = substitute(template.getValue(), tokens);
      if (query == null) {
        continue; // a token the EHR cannot fill: the key is left out, as real clients do
      }
      Resource result = run(fhirBase, encode(query));
      prefetch.put(
          template.getKey(),
          FhirTestServers.JSON.readTree(
              FhirTestServers.FHIR.newJsonParser().encodeResourceToString(result)));
    }
    return prefetch;
  }

  static Map<String, String> tokens(String patientId) {
    return Map.of("context.patientId", patientId, "context.userId", "Practitioner/dr-1");
  }

  /** The resource type a template reads or searches. */
  static String resourceType(String template) {
    return template.split("[/?]", 2)[0];
  }

  private static String substitute(String template, Map<String, String> tokens) {
    Matcher m = TOKEN.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = tokens.get(m.group(1).trim());
      if (value == null) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Percent-encodes each parameter name and value of a relative FHIR URL. */
  static String encode(String query) {
    int q = query.indexOf('?');
    if (q < 0) {
      return query;
    }
    List<String> params = new ArrayList<>();
    for (String param : query.substring(q + 1).split("&")) {
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      String value = eq < 0 ? "" : param.substring(eq + 1);
      params.add(
          URLEncoder.encode(name, StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    return query.substring(0, q) + "?" + String.join("&", params);
  }

  private static Resource run(String fhirBase, String query) {
    String url = fhirBase + "/" + query;
    String body = get(url);
    Resource first = (Resource) FhirTestServers.FHIR.newJsonParser().parseResource(body);
    if (!(first instanceof Bundle bundle)) {
      return first;
    }
    Bundle complete = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    complete.addLink().setRelation("self").setUrl(url);
    Bundle page = bundle;
    int pages = 0;
    while (true) {
      page.getEntry().forEach(complete::addEntry);
      Bundle.BundleLinkComponent next = page.getLink("next");
      if (next == null) {
        break;
      }
      assertThat(++pages).as("pages of %s", url).isLessThan(100);
      page = FhirTestServers.FHIR.newJsonParser().parseResource(Bundle.class, get(next.getUrl()));
    }
    complete.setTotal(
        (int)
            complete.getEntry().stream()
                .filter(
                    e ->
                        !e.hasSearch() || e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .count());
    return complete;
  }

  private static String get(String url) {
    HttpResponse<String> response =
        FhirTestServers.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/fhir+json")
                .build());
    assertThat(response.statusCode())
        .as("the FHIR server's answer to %s: %s", url, response.body())
        .isEqualTo(200);
    return response.body();
  }
}
