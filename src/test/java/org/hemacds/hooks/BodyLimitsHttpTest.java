package org.hemacds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cds.limits}: a body over {@code max-body} is 413 whether its length is declared or it
 * arrives chunked; JSON nested deeper than {@code max-nesting-depth} is 400 (checklist H #74); a
 * draftOrders or prefetch Bundle with more than {@code max-bundle-entries} entries is 400 naming
 * it.
 */
@TestPropertySource(
    properties = {
      "cds.limits.max-body=2KB",
      "cds.limits.max-nesting-depth=16",
      "cds.limits.max-bundle-entries=3",
      "cds.limits.max-body-time=1s",
      "server.tomcat.connection-timeout=1500ms"
    })
class BodyLimitsHttpTest extends HttpTestBase {

  private static final int MAX_BODY = 2048;
  private static final String ORDER_SELECT = "/cds-services/hematology-order-select";

  /** A valid order-select body padded with trailing whitespace to exactly {@code size} bytes. */
  private static byte[] validBodyOfSize(int size) {
    byte[] json = JSON.writeValueAsString(orderSelect()).getBytes(StandardCharsets.UTF_8);
    assertThat(json.length).isLessThan(size);
    byte[] body = new byte[size];
    System.arraycopy(json, 0, body, 0, json.length);
    for (int i = json.length; i < size; i++) {
      body[i] = ' ';
    }
    return body;
  }

  private Reply post(HttpRequest.BodyPublisher body) {
    return send(
        request(ORDER_SELECT)
            .header("Content-Type", "application/json")
            .header("Origin", ORIGIN)
            .POST(body));
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() {
    post(HttpRequest.BodyPublishers.ofByteArray(validBodyOfSize(MAX_BODY))).assertNoCards();
  }

  @Test
  void aDeclaredContentLengthOverTheLimitIs413() {
    Reply reply =
        post(HttpRequest.BodyPublishers.ofByteArray(validBodyOfSize(MAX_BODY + 1)))
            .assertOperationOutcome(413, Set.of("too-costly", "too-long"), "cds.limits.max-body");
    assertThat(reply.header("Access-Control-Allow-Origin")).as("ACAO on a 413").isNotNull();
  }

  @Test
  void aMuchLargerDeclaredBodyIs413() {
    post(HttpRequest.BodyPublishers.ofByteArray(validBodyOfSize(256 * 1024)))
        .assertOperationOutcome(413, Set.of("too-costly", "too-long"), "cds.limits.max-body");
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() {
    // An InputStream publisher has no known length, so HTTP/1.1 sends it chunked.
    byte[] body = validBodyOfSize(MAX_BODY + 1);
    Reply reply =
        post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .assertOperationOutcome(413, Set.of("too-costly", "too-long"), "cds.limits.max-body");
    assertThat(reply.header("Access-Control-Allow-Origin")).as("ACAO on a 413").isNotNull();
  }

  @Test
  void aLargeChunkedBodyIs413() {
    byte[] body = validBodyOfSize(512 * 1024);
    post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .assertOperationOutcome(413, Set.of("too-costly", "too-long"), "cds.limits.max-body");
  }

  @Test
  void aChunkedBodyWithinTheLimitIsAccepted() {
    byte[] body = validBodyOfSize(MAX_BODY);
    post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .assertNoCards();
  }

  @Test
  void nestingWithinTheLimitIsAccepted() {
    ObjectNode body = orderSelect();
    // The root object, x, then 14 arrays: 16 levels, exactly the limit.
    String nested = "[".repeat(14) + "]".repeat(14);
    String json =
        JSON.writeValueAsString(body).replaceFirst("\\{", "{\"x\":{\"a\":" + nested + "},");
    postJson(ORDER_SELECT, json).assertNoCards();
  }

  @Test
  void nestingDeeperThanTheLimitIs400() {
    // The root object, x, then 15 arrays: 17 levels, one over the limit.
    String nested = "[".repeat(15) + "]".repeat(15);
    String json =
        JSON.writeValueAsString(orderSelect())
            .replaceFirst("\\{", "{\"x\":{\"a\":" + nested + "},");
    postJson(ORDER_SELECT, json).assertBadRequest("nesting");
  }

  @Test
  void deepNestingInsideTheContextIs400() {
    ObjectNode body = orderSelect();
    ObjectNode node = context(body);
    for (int i = 0; i < 20; i++) {
      node = node.putObject("extension");
    }
    node.put("leaf", true);
    invoke("hematology-order-select", body).assertBadRequest("nesting");
  }

  /** A Bundle of {@code count} minimal entries. */
  private static ObjectNode bundleOf(int count) {
    ObjectNode bundle = emptyDraftOrders();
    var entries = bundle.putArray("entry");
    for (int i = 0; i < count; i++) {
      entries.addObject().putObject("resource").put("resourceType", "Basic").put("id", "b" + i);
    }
    return bundle;
  }

  @Test
  void draftOrdersWithinTheEntryLimitAreAccepted() {
    ObjectNode body = orderSign();
    context(body).set("draftOrders", bundleOf(3));
    invoke("hematology-order-sign", body).assertNoCards();
  }

  @Test
  void draftOrdersOverTheEntryLimitAre400NamingTheField() {
    ObjectNode body = orderSign();
    context(body).set("draftOrders", bundleOf(4));
    invoke("hematology-order-sign", body)
        .assertBadRequest(
            "context.draftOrders.entry", "4 entries", "cds.limits.max-bundle-entries");
  }

  @Test
  void aPrefetchBundleOverTheEntryLimitIs400NamingTheKey() {
    ObjectNode body = patientView();
    body.putObject("prefetch").set("observations", bundleOf(4));
    invoke("hematology-patient-view", body)
        .assertBadRequest("prefetch.observations.entry", "cds.limits.max-bundle-entries");
  }

  @Test
  void aPrefetchBundleWithinTheEntryLimitIsAccepted() {
    ObjectNode body = patientView();
    body.putObject("prefetch").set("observations", bundleOf(3));
    // Read, not refused: the 412 names only the keys that were not sent.
    Reply reply = invoke("hematology-patient-view", body).assertStatus(412);
    assertThat(reply.json().path("issue").get(0).path("diagnostics").asString())
        .contains("conditions")
        .doesNotContain("observations");
  }

  // ---- slow clients (raw sockets: java.net.http cannot send slowly) -------------------------

  /** Sends headers and then the body as {@code sendBody} decides; returns the status line. */
  private String slowPost(
      byte[] body, java.util.function.BiConsumer<java.io.OutputStream, byte[]> sendBody)
      throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + ORDER_SELECT
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread sender =
          new Thread(
              () -> {
                try {
                  sendBody.accept(out, body);
                } catch (RuntimeException e) {
                  // the server hung up: expected once it has answered
                }
              });
      sender.setDaemon(true);
      sender.start();
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine();
      sender.interrupt();
      return status == null ? "(closed)" : status;
    }
  }

  private static void trickle(java.io.OutputStream out, byte[] body, int bytes, long pauseMillis) {
    try {
      for (int i = 0; i < body.length; i += bytes) {
        out.write(body, i, Math.min(bytes, body.length - i));
        out.flush();
        Thread.sleep(pauseMillis);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aBodyTricklingInPastMaxBodyTimeIs408() throws Exception {
    byte[] body = validBodyOfSize(MAX_BODY);
    long start = System.nanoTime();
    // 16 bytes every 100 ms: each pause is under the connection timeout, the whole takes 13 s.
    String status = slowPost(body, (out, b) -> trickle(out, b, 16, 100));
    java.time.Duration elapsed = java.time.Duration.ofNanos(System.nanoTime() - start);
    assertThat(status).startsWith("HTTP/1.1 408");
    assertThat(elapsed).isLessThan(java.time.Duration.ofSeconds(4));
  }

  @Test
  void aBodyThatStopsArrivingIs408AfterTheConnectionTimeout() throws Exception {
    byte[] body = validBodyOfSize(MAX_BODY);
    long start = System.nanoTime();
    String status =
        slowPost(
            body,
            (out, b) -> {
              try {
                out.write(b, 0, 100);
                out.flush();
                Thread.sleep(20_000);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    java.time.Duration elapsed = java.time.Duration.ofNanos(System.nanoTime() - start);
    assertThat(status).startsWith("HTTP/1.1 408");
    assertThat(elapsed).isLessThan(java.time.Duration.ofSeconds(5));
  }

  @Test
  void aClientThatNeverFinishesItsHeadersIsDisconnected() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST " + ORDER_SELECT + " HTTP/1.1\r\nHost: localhost\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      int read = socket.getInputStream().read(new byte[1024]);
      java.time.Duration elapsed = java.time.Duration.ofNanos(System.nanoTime() - start);
      // Tomcat closes the connection (nothing or an error status, never a wait without end).
      assertThat(elapsed).isLessThan(java.time.Duration.ofSeconds(5));
      assertThat(read).isNotZero();
    }
  }
}
