package org.hemacds.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemacds.demo.SampleLibrary.Sample;
import org.hemacds.hooks.CdsException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Read-only access to the sample requests of {@code fhir-samples/}, with their dates moved to
 * today: {@code GET /demo/samples} (the index), {@code GET /demo/samples/{file}} (one request,
 * ready to send to its service), and for the demo page {@code GET /demo/patients} (the sample
 * patients) and {@code GET /demo/patients/{id}} (one chart as a FHIR collection Bundle). Only while
 * {@code cds.demo.enabled} (the default).
 */
@RestController
@ConditionalOnProperty(name = "cds.demo.enabled", havingValue = "true", matchIfMissing = true)
class DemoController {

  /** One entry of {@code GET /demo/samples}. */
  record SampleInfo(
      String file,
      String service,
      String patient,
      String scenario,
      String shows,
      List<String> rules) {}

  /** {@code GET /demo/samples}: the anchor, the shift applied today, and every sample. */
  record SampleIndex(String anchor, long shiftDays, List<SampleInfo> samples) {}

  /** One entry of {@code GET /demo/patients}: enough for the patient picker. */
  record PatientInfo(
      String id,
      String name,
      String gender,
      String birthDate,
      String scenario,
      List<String> samples) {}

  private final SampleLibrary library;

  DemoController(SampleLibrary library) {
    this.library = library;
  }

  @GetMapping(path = "/demo/samples", produces = MediaType.APPLICATION_JSON_VALUE)
  SampleIndex samples() {
    List<SampleInfo> samples = new ArrayList<>();
    for (Sample sample : library.samples()) {
      samples.add(
          new SampleInfo(
              sample.file(),
              sample.service(),
              sample.patientId(),
              sample.scenario(),
              sample.shows(),
              sample.rules()));
    }
    return new SampleIndex(library.anchor().toString(), library.shiftDays(), samples);
  }

  @GetMapping(path = "/demo/samples/{file}", produces = MediaType.APPLICATION_JSON_VALUE)
  JsonNode sample(@PathVariable String file) {
    Sample sample =
        library
            .sample(file)
            .orElseThrow(
                () ->
                    new CdsException(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "No sample '"
                            + CdsException.sanitize(file)
                            + "' (see GET /demo/samples)."));
    return library.request(sample);
  }

  @GetMapping(path = "/demo/patients", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, List<PatientInfo>> patients() {
    List<PatientInfo> patients = new ArrayList<>();
    for (String id : library.patientIds()) {
      JsonNode patient = library.chart(id).orElseThrow().path("entry").get(0).path("resource");
      List<Sample> samples =
          library.samples().stream().filter(s -> s.patientId().equals(id)).toList();
      patients.add(
          new PatientInfo(
              id,
              nameOf(patient),
              patient.path("gender").asString("unknown"),
              patient.path("birthDate").asString(""),
              samples.get(0).scenario(),
              samples.stream().map(Sample::file).toList()));
    }
    return Map.of("patients", patients);
  }

  @GetMapping(path = "/demo/patients/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  JsonNode chart(@PathVariable String id) {
    return library
        .chart(id)
        .orElseThrow(
            () ->
                new CdsException(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "No sample patient '" + CdsException.sanitize(id) + "'."));
  }

  private static String nameOf(JsonNode patient) {
    JsonNode name = patient.path("name").path(0);
    List<String> parts = new ArrayList<>();
    for (JsonNode given : name.path("given")) {
      parts.add(given.asString(""));
    }
    parts.add(name.path("family").asString(""));
    String joined = String.join(" ", parts).trim();
    return joined.isEmpty() ? patient.path("id").asString("") : joined;
  }
}
