package org.hemacds.hooks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates CDS Hooks request files without a server: the same validation, prefetch handling and
 * rules as {@code POST /cds-services/{id}}, with the service chosen by the request's hook. Prints
 * each response (or error) as JSON.
 */
@Component
public class OfflineEvaluator {

  private final CdsServiceCatalog catalog;
  private final RequestBodies bodies;
  private final HookRequestParser parser;
  private final HookHandler handler;
  private final JsonMapper json =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  OfflineEvaluator(
      CdsServiceCatalog catalog,
      RequestBodies bodies,
      HookRequestParser parser,
      HookHandler handler) {
    this.catalog = catalog;
    this.bodies = bodies;
    this.parser = parser;
    this.handler = handler;
  }

  /** Returns the process exit code: 0 if every file was answered with cards, else 1. */
  public int run(String[] files, PrintStream out, PrintStream err) {
    int status = 0;
    for (String file : files) {
      try {
        JsonNode body = bodies.parse(Files.readAllBytes(Path.of(file)));
        String hookName = body.path("hook").asString("");
        Hook hook =
            Hook.fromId(hookName)
                .orElseThrow(
                    () ->
                        CdsException.badRequest(
                            "Unknown hook '" + CdsException.sanitize(hookName) + "'."));
        CdsService service =
            catalog.services().stream().filter(s -> s.hook() == hook).findFirst().orElseThrow();
        CdsResponse response = handler.answerUnrecorded(service, parser.parse(body, hook));
        if (files.length > 1) {
          out.println("# " + file + " → " + service.id());
        }
        out.println(json.writeValueAsString(response));
      } catch (CdsException e) {
        err.println(file + ": " + e.status().value() + " " + e.getMessage());
        status = 1;
      } catch (IOException e) {
        err.println(file + ": cannot read: " + e.getMessage());
        status = 1;
      }
    }
    return status;
  }
}
