package org.hemacds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The service as a real process for the ITs: on a free loopback port, logging to a file, returned
 * once {@code /actuator/health} answers 200. It gets no environment variable of Spring's or the
 * service's namespaces: what it is to use is passed as arguments.
 */
public record ServiceProcess(Process process, int port, Path logFile) {

  private static final Duration STARTUP = Duration.ofMinutes(4);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * @param launch what follows the JVM's flags: {@code -jar <jar>}, or {@code -cp <path> <main>}
   * @param arguments the service's arguments after {@code --server.port}
   */
  public static ServiceProcess start(
      Path dir, String name, List<String> jvmFlags, List<String> launch, List<String> arguments)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    // C1 only: a faster start for a short-lived test process; the code run is the same.
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmFlags);
    command.addAll(launch);
    command.add("--server.port=" + port);
    command.addAll(arguments);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(ServiceProcess::setting);
    ServiceProcess service = new ServiceProcess(builder.start(), port, log);
    service.awaitHealthy();
    return service;
  }

  private static boolean setting(String variable) {
    String name = variable.toLowerCase(Locale.ROOT);
    return List.of("spring_", "server_", "management_", "cds_").stream().anyMatch(name::startsWith);
  }

  public String log() throws IOException {
    return Files.readString(logFile);
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(60));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public int status(String path) throws Exception {
    return send(request(path).GET()).statusCode();
  }

  private void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("the service exited with %d:%n%s", process.exitValue(), tail());
      }
      try {
        if (status("/actuator/health") == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    kill9();
    fail("the service did not start within %s:%n%s", STARTUP, tail());
  }

  /** SIGTERM, as an operator stops it; SIGKILL if it has not ended after 30 s. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill9();
    }
  }

  /** SIGKILL on Unix: the JVM gets no chance to run shutdown hooks or flush anything. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
