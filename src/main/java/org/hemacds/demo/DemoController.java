package org.hemacds.demo;

import java.util.ArrayList;
import java.util.List;
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
 * today: {@code GET /demo/samples} (the index) and {@code GET /demo/samples/{file}} (one request,
 * ready to send to its service). Only while {@code cds.demo.enabled} (the default).
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
}
