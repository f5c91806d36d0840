package org.hemacds.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hemacds.cards.RulesProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sample CDS Hooks requests of {@code fhir-samples/} (packaged as {@code
 * classpath:fhir-samples/}), indexed by {@code expected.yaml}. Their dates are written relative to
 * the index's {@code anchor}; {@link #request} and {@link #chart} hand them out moved by (today -
 * anchor) days, today counted in {@code cds.rules.time-zone} like the rules' lookbacks.
 */
@Component
@ConditionalOnProperty(name = "cds.demo.enabled", havingValue = "true", matchIfMissing = true)
public class SampleLibrary {

  /** Where the samples are on the classpath. */
  public static final String LOCATION = "classpath:fhir-samples/";

  /** One sample request as indexed by {@code expected.yaml}. */
  public record Sample(
      String file,
      String service,
      String patientId,
      String scenario,
      String shows,
      List<String> rules,
      JsonNode request) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Clock clock;
  private final LocalDate anchor;
  private final Map<String, Sample> samples;

  @Autowired
  public SampleLibrary(RulesProperties rules) {
    this(new DefaultResourceLoader(), LOCATION, Clock.system(rules.timeZone()));
  }

  SampleLibrary(ResourceLoader loader, String location, Clock clock) {
    this.clock = clock;
    Map<String, Object> index = readIndex(loader.getResource(location + "expected.yaml"));
    this.anchor = LocalDate.parse(String.valueOf(index.get("anchor")));
    Map<String, Sample> read = new LinkedHashMap<>();
    for (Object item : (List<?>) index.get("samples")) {
      Map<?, ?> entry = (Map<?, ?>) item;
      String file = String.valueOf(entry.get("file"));
      List<String> rules = new ArrayList<>();
      for (Object rule : (List<?>) entry.get("rules")) {
        rules.add(String.valueOf(rule));
      }
      JsonNode request = readJson(loader.getResource(location + file));
      Sample sample =
          new Sample(
              file,
              String.valueOf(entry.get("service")),
              String.valueOf(entry.get("patient")),
              String.valueOf(entry.get("scenario")),
              String.valueOf(entry.get("shows")),
              List.copyOf(rules),
              request);
      if (read.put(file, sample) != null) {
        throw new IllegalStateException("fhir-samples/expected.yaml lists " + file + " twice");
      }
    }
    this.samples = Collections.unmodifiableMap(read);
  }

  /** The date the sample files' dates are written relative to. */
  public LocalDate anchor() {
    return anchor;
  }

  /** Days every date is moved by today: today - anchor. */
  public long shiftDays() {
    return ChronoUnit.DAYS.between(anchor, LocalDate.now(clock));
  }

  /** Every sample, in the order of {@code expected.yaml}; requests as stored (not re-dated). */
  public List<Sample> samples() {
    return List.copyOf(samples.values());
  }

  public Optional<Sample> sample(String file) {
    return Optional.ofNullable(samples.get(file));
  }

  /** The sample's request with its dates moved to today. */
  public ObjectNode request(Sample sample) {
    return (ObjectNode) SampleDates.shift(sample.request(), shiftDays());
  }

  /** The ids of the sample patients, in the order they first appear. */
  public List<String> patientIds() {
    return samples.values().stream().map(Sample::patientId).distinct().toList();
  }

  /**
   * A patient's chart: a FHIR {@code collection} Bundle with the Patient first, then every resource
   * of every prefetch of that patient's samples (each {@code Type/id} once), dates moved to today.
   */
  public Optional<ObjectNode> chart(String patientId) {
    Map<String, JsonNode> resources = new LinkedHashMap<>();
    for (Sample sample : samples.values()) {
      if (!sample.patientId().equals(patientId)) {
        continue;
      }
      for (Map.Entry<String, JsonNode> prefetch : sample.request().path("prefetch").properties()) {
        JsonNode value = prefetch.getValue();
        if ("Bundle".equals(value.path("resourceType").asString(""))) {
          for (JsonNode entry : value.path("entry")) {
            add(resources, entry.path("resource"));
          }
        } else {
          add(resources, value);
        }
      }
    }
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("resourceType", "Bundle");
    bundle.put("type", "collection");
    ArrayNode entries = bundle.putArray("entry");
    resources.forEach(
        (key, resource) -> {
          if (key.startsWith("Patient/")) {
            entries.addObject().set("resource", resource);
          }
        });
    resources.forEach(
        (key, resource) -> {
          if (!key.startsWith("Patient/")) {
            entries.addObject().set("resource", resource);
          }
        });
    return Optional.of((ObjectNode) SampleDates.shift(bundle, shiftDays()));
  }

  private static void add(Map<String, JsonNode> resources, JsonNode resource) {
    String type = resource.path("resourceType").asString("");
    String id = resource.path("id").asString("");
    if (!type.isEmpty() && !id.isEmpty()) {
      resources.putIfAbsent(type + "/" + id, resource);
    }
  }

  private static Map<String, Object> readIndex(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      Object yaml =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) yaml;
      return map;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the sample index " + resource, e);
    }
  }

  private static JsonNode readJson(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the sample " + resource, e);
    }
  }
}
