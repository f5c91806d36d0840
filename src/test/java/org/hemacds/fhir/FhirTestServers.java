package org.hemacds.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import ca.uhn.fhir.context.FhirContext;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FHIR servers every HTTP test shares, started once per JVM on random loopback ports: a HAPI
 * FHIR server holding the clinical fixtures, and a WireMock server that plays any FHIR server
 * behaviour (proxying to HAPI at {@code /fhir}, or a fault under {@code /faults/...}).
 */
final class FhirTestServers {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Patients in {@code src/test/resources/fhir/}, loaded into the HAPI server. */
  static final List<String> FIXTURES =
      List.of(
          "fhir/patient-aa-no-trial.json",
          "fhir/patient-aa-on-trial.json",
          "fhir/patient-aa-apl-history.json",
          "fhir/patient-other.json");

  private static FhirTestServers instance;

  final InMemoryFhirServer hapi;
  final WireMockServer wireMock;

  private FhirTestServers() throws Exception {
    hapi = new InMemoryFhirServer();
    for (String fixture : FIXTURES) {
      hapi.add(bundleEntries(fixture));
    }
    hapi.add(RealisticPatient.resources());
    wireMock =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                // Proxied calls keep their Host, so HAPI writes paging links back to WireMock.
                .preserveHostHeader(true)
                .notifier(new Slf4jNotifier(false)));
    wireMock.start();
    warmUp();
  }

  /**
   * The first search of each type on HAPI, and the first call through WireMock's proxy, are slow
   * (class loading, client set-up): do them now so no test's deadline pays for them.
   */
  private void warmUp() {
    resetWireMock();
    for (String query :
        List.of(
            "Patient/aa-1",
            "Condition?patient=aa-1",
            "Observation?patient=aa-1&code=http://loinc.org|718-7&date=ge2020-01-01&_sort=-date",
            "MedicationRequest?patient=aa-1&_include=MedicationRequest:medication",
            "MedicationStatement?patient=aa-1&_include=MedicationStatement:medication",
            "MedicationAdministration?patient=aa-1&_include=MedicationAdministration:medication",
            "Procedure?patient=aa-1",
            "ServiceRequest?patient=aa-1",
            "ResearchSubject?individual=aa-1")) {
      for (String base : List.of(hapi.baseUrl(), proxyBase())) {
        HttpResponse<String> response =
            send(
                HttpRequest.newBuilder(URI.create(base + "/" + SimulatedEhr.encode(query)))
                    .header("Accept", "application/fhir+json")
                    .build());
        if (response.statusCode() != 200) {
          throw new IllegalStateException(query + " -> " + response.statusCode());
        }
      }
    }
    wireMock.resetAll();
  }

  static synchronized FhirTestServers get() {
    if (instance == null) {
      try {
        instance = new FhirTestServers();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the test FHIR servers", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  /** WireMock's origin: scheme, loopback address and port. */
  String wireMockOrigin() {
    return "http://127.0.0.1:" + wireMock.port();
  }

  /** A FHIR base on WireMock that proxies to the HAPI server (see {@link #proxyToHapi}). */
  String proxyBase() {
    return wireMockOrigin() + "/fhir";
  }

  /**
   * Clears WireMock's stubs and request journal, then proxies {@code /fhir/**} to the HAPI server.
   */
  void resetWireMock() {
    wireMock.resetAll();
    wireMock.stubFor(
        any(urlPathMatching("/fhir(/.*)?"))
            .atPriority(10)
            .willReturn(aResponse().proxiedFrom(hapi.origin())));
  }

  /**
   * A FHIR base {@code /faults/<name>/fhir} on WireMock that proxies to HAPI until a test stubs a
   * fault over one of its paths (at a priority above 10).
   */
  String faultBase(String name) {
    String prefix = "/faults/" + name;
    wireMock.stubFor(
        any(urlPathMatching(prefix + "/fhir(/.*)?"))
            .atPriority(10)
            .willReturn(aResponse().proxiedFrom(hapi.origin()).withProxyUrlPrefixToRemove(prefix)));
    return wireMockOrigin() + prefix + "/fhir";
  }

  /**
   * A FHIR base {@code /faults/<name>/fhir} on WireMock that answers every search the service makes
   * for the patient with what HAPI holds, as fixed stubs (no proxying). Tests add faults over it at
   * a priority above 5.
   */
  String staticBase(String name, String patientId) {
    String prefix = "/faults/" + name + "/fhir/";
    for (DataKind kind : DataKind.values()) {
      String query = kind.baseQuery().replace("{{context.patientId}}", patientId);
      String body =
          send(HttpRequest.newBuilder(URI.create(hapi.baseUrl() + "/" + query))
                  .header("Accept", "application/fhir+json")
                  .build())
              .body();
      wireMock.stubFor(
          WireMock.get(urlPathEqualTo(prefix + query.split("\\?")[0]))
              .atPriority(5)
              .willReturn(
                  aResponse().withHeader("Content-Type", "application/fhir+json").withBody(body)));
    }
    return wireMockOrigin() + "/faults/" + name + "/fhir";
  }

  /** Everything a test's requests may name as {@code fhirServer}. */
  String allowedServers() {
    return String.join(",", hapi.baseUrl(), proxyBase(), wireMockOrigin() + "/faults/");
  }

  private void stop() {
    wireMock.stop();
    try {
      hapi.close();
    } catch (Exception e) {
      // the JVM is going away
    }
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("HTTP call failed: " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String resourceText(String path) {
    try (InputStream in = FhirTestServers.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Resource> bundleEntries(String path) {
    Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, resourceText(path));
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
  }
}
