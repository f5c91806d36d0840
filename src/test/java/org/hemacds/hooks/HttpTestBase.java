package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of every test that talks to the service over real HTTP. All subclasses without their own
 * {@code @TestPropertySource} share one Spring context; each distinct property set starts another.
 *
 * <p>Every answer goes through {@link #send}, which fails the test on any 5xx and on any body that
 * is not JSON or contains a null or empty value.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // Security is tested on its own; these tests are about the HTTP surface without a JWT.
    properties = "cds.security.enabled=false")
public abstract class HttpTestBase {

  protected static final JsonMapper JSON = JsonMapper.builder().build();

  protected static final String ORIGIN = "https://sandbox.cds-hooks.org";

  /** HTTP/1.1 so that an unknown-length body is sent chunked (no h2c upgrade). */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** FHIR IssueType codes an HTTP 400 may carry: {@code invalid} and its children. */
  protected static final Set<String> INVALID_CODES =
      Set.of("invalid", "structure", "required", "value", "invariant");

  /** The FHIR R4 IssueType value set (http://hl7.org/fhir/issue-type). */
  protected static final Set<String> FHIR_ISSUE_TYPES =
      Set.of(
          "invalid",
          "structure",
          "required",
          "value",
          "invariant",
          "security",
          "login",
          "unknown",
          "expired",
          "forbidden",
          "suppressed",
          "processing",
          "not-supported",
          "duplicate",
          "multiple-matches",
          "not-found",
          "deleted",
          "too-long",
          "code-invalid",
          "extension",
          "too-costly",
          "business-rule",
          "conflict",
          "transient",
          "lock-error",
          "no-store",
          "exception",
          "timeout",
          "incomplete",
          "throttled",
          "informational");

  @LocalServerPort protected int port;

  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  protected HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
  }

  protected Reply get(String path) {
    return send(request(path).GET());
  }

  protected Reply postJson(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  protected Reply postJson(String path, JsonNode body) {
    return postJson(path, JSON.writeValueAsString(body));
  }

  protected Reply invoke(String serviceId, JsonNode body) {
    return postJson("/cds-services/" + serviceId, body);
  }

  /** Sends the request; fails on 5xx and on a body that is not clean JSON. */
  protected Reply send(HttpRequest.Builder builder) {
    HttpRequest httpRequest = builder.build();
    HttpResponse<String> response;
    try {
      response = CLIENT.send(httpRequest, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(httpRequest.method() + " " + httpRequest.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    Reply reply = new Reply(httpRequest.method() + " " + httpRequest.uri().getPath(), response);
    assertThat(reply.status())
        .as("%s answered %s: never 5xx for anything a client sends", reply.what, reply.body())
        .isLessThan(500);
    if (!reply.body().isEmpty()) {
      assertThat(reply.header("Content-Type"))
          .as("%s: Content-Type of a body", reply.what)
          .containsIgnoringCase("json");
      JsonNode json;
      try {
        json = JSON.readTree(reply.body());
      } catch (RuntimeException e) {
        throw new AssertionError(reply.what + " answered a body that is not JSON: " + reply.body());
      }
      assertNoNullOrEmpty(json);
    }
    return reply;
  }

  /**
   * CDS Hooks 2.0 §Use of JSON: no {@code null}, {@code ""}, {@code []} or {@code {}} anywhere; the
   * one exception is a top-level {@code "cards": []}.
   */
  protected static void assertNoNullOrEmpty(JsonNode root) {
    checkNotEmpty(root, "$", root);
  }

  private static void checkNotEmpty(JsonNode node, String path, JsonNode root) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      fail("null at %s in %s", path, root);
    }
    if (node.isString() && node.stringValue().isEmpty()) {
      fail("empty string at %s in %s", path, root);
    }
    if (node.isArray()) {
      if (node.isEmpty() && !path.equals("$.cards")) {
        fail("empty array at %s in %s", path, root);
      }
      for (int i = 0; i < node.size(); i++) {
        checkNotEmpty(node.get(i), path + "[" + i + "]", root);
      }
    }
    if (node.isObject()) {
      if (node.isEmpty()) {
        fail("empty object at %s in %s", path, root);
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        checkNotEmpty(field.getValue(), path + "." + field.getKey(), root);
      }
    }
  }

  // ---- request bodies --------------------------------------------------------------------

  /** A draftOrders Bundle with no orders in it: no rule can fire on it. */
  protected static ObjectNode emptyDraftOrders() {
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("resourceType", "Bundle");
    bundle.put("type", "collection");
    return bundle;
  }

  protected static ObjectNode hookRequest(String hook) {
    ObjectNode body = JSON.createObjectNode();
    body.put("hookInstance", UUID.randomUUID().toString());
    body.put("hook", hook);
    ObjectNode context = body.putObject("context");
    context.put("userId", "Practitioner/example");
    context.put("patientId", "1288992");
    return body;
  }

  /** A valid order-select request with an empty draft; the answer is 200 with no cards. */
  protected static ObjectNode orderSelect() {
    ObjectNode body = hookRequest("order-select");
    context(body).putArray("selections");
    context(body).set("draftOrders", emptyDraftOrders());
    return body;
  }

  /** A valid order-sign request with an empty draft. */
  protected static ObjectNode orderSign() {
    ObjectNode body = hookRequest("order-sign");
    context(body).set("draftOrders", emptyDraftOrders());
    return body;
  }

  protected static ObjectNode patientView() {
    return hookRequest("patient-view");
  }

  protected static ObjectNode context(ObjectNode body) {
    return (ObjectNode) body.get("context");
  }

  // ---- answers ---------------------------------------------------------------------------

  /** One HTTP answer. */
  protected static final class Reply {
    private final String what;
    private final HttpResponse<String> response;
    private JsonNode json;

    Reply(String what, HttpResponse<String> response) {
      this.what = what;
      this.response = response;
    }

    public int status() {
      return response.statusCode();
    }

    public String body() {
      return response.body() == null ? "" : response.body();
    }

    /** The header's first value, or null. */
    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public JsonNode json() {
      if (json == null) {
        json = JSON.readTree(body());
      }
      return json;
    }

    public Reply assertStatus(int expected) {
      assertThat(status()).as("%s status; body %s", what, body()).isEqualTo(expected);
      return this;
    }

    /** 200 with exactly {@code {"cards":[]}}. */
    public Reply assertNoCards() {
      assertStatus(200);
      assertThat(json()).as("%s body", what).isEqualTo(JSON.readTree("{\"cards\":[]}"));
      return this;
    }

    /**
     * The status, and an OperationOutcome with one error issue whose code is one of {@code codes}
     * and whose diagnostics contain every fragment (e.g. the name of the bad field).
     */
    public Reply assertOperationOutcome(
        int expectedStatus, Set<String> codes, String... diagnosticsFragments) {
      assertStatus(expectedStatus);
      JsonNode body = json();
      assertThat(body.path("resourceType").asString(""))
          .as("%s resourceType", what)
          .isEqualTo("OperationOutcome");
      JsonNode issues = body.path("issue");
      assertThat(issues.isArray() && !issues.isEmpty())
          .as("%s issue array: %s", what, body)
          .isTrue();
      JsonNode issue = issues.get(0);
      assertThat(issue.path("severity").asString("")).as("%s severity", what).isEqualTo("error");
      assertThat(issue.path("code").asString("")).as("%s issue code", what).isIn(codes);
      String diagnostics = issue.path("diagnostics").asString("");
      assertThat(diagnostics).as("%s diagnostics", what).isNotBlank();
      for (String fragment : diagnosticsFragments) {
        assertThat(diagnostics).as("%s diagnostics", what).containsIgnoringCase(fragment);
      }
      return this;
    }

    /** A 400 OperationOutcome whose diagnostics name the bad field. */
    public Reply assertBadRequest(String... diagnosticsFragments) {
      return assertOperationOutcome(400, INVALID_CODES, diagnosticsFragments);
    }
  }
}
