import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A read-only FHIR server for bench/run.sh --fhir (plain JDK, run with Java's single-file
 * launcher): answers {@code GET /fhir/<Type>...} with the file {@code <dir>/<Type>.json} whatever
 * the rest of the path and the query, as the benchmark patient's prefetch would have carried it.
 *
 * <p>{@code java bench/FhirStub.java <port> <dir>}
 */
public final class FhirStub {

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    server.createContext(
        "/fhir/",
        exchange -> {
          String path = exchange.getRequestURI().getPath().substring("/fhir/".length());
          String type = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
          byte[] body =
              type.matches("[A-Za-z]+")
                  ? files.computeIfAbsent(type, t -> read(dir.resolve(t + ".json")))
                  : new byte[0];
          exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
          exchange.sendResponseHeaders(body.length > 0 ? 200 : 404, body.length > 0 ? body.length : -1);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("FHIR stub on http://127.0.0.1:" + port + "/fhir serving " + dir);
  }

  private static byte[] read(Path file) {
    try {
      return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
