package io.gitops.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;

/**
 * An HTTP error answer turned into one line and an exit code: the gateway's RFC 7807 problem JSON
 * ({@code 404 Not Found: app team-a/nope does not exist}), with the field it names, or the status
 * alone when the body is not a problem.
 */
public final class Problem {
  private Problem() {}

  public static CliException of(int status, String body) {
    String line = "HTTP " + status;
    try {
      JsonNode p = Json.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
      String title = Json.text(p, "title");
      String detail = Json.text(p, "detail");
      String field = Json.text(p, "field");
      if (!title.isEmpty() || !detail.isEmpty()) {
        line = status + (title.isEmpty() ? "" : " " + title);
        if (!detail.isEmpty()) {
          line += ": " + detail;
        }
        if (!field.isEmpty()) {
          line += " (field " + field + ")";
        }
      }
    } catch (Exception notJson) {
      // keep "HTTP <status>": the body is not ours to print (it may be a proxy's HTML page)
    }
    return new CliException(exitCode(status), oneLine(line));
  }

  /** 401/403 auth, 404 not found, other 4xx usage, everything else a failure. */
  public static int exitCode(int status) {
    return switch (status) {
      case 401, 403 -> Exit.AUTH;
      case 404 -> Exit.NOT_FOUND;
      case 400, 405, 413, 415, 422 -> Exit.USAGE;
      default -> Exit.FAILED;
    };
  }

  static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ").strip();
  }
}
