package io.gitops.cli.wait;

import static io.gitops.cli.Json.textOrNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One app's state as the live feed (or the REST API) reports it.
 *
 * @param operationRevision the revision of the app's last sync operation (null before one)
 * @param operationPhase Running, Succeeded, Failed or Error (null before one)
 */
public record AppState(
    String sync,
    String health,
    String healthMessage,
    String revision,
    String message,
    String operationRevision,
    String operationPhase,
    String operationMessage) {

  /** From a feed message ({@code app} or {@code change}). */
  public static AppState ofFeed(JsonNode m) {
    JsonNode op = m.path("operation");
    return new AppState(
        textOrNull(m, "sync"),
        textOrNull(m, "health"),
        textOrNull(m, "healthMessage"),
        textOrNull(m, "revision"),
        textOrNull(m, "message"),
        textOrNull(op, "revision"),
        textOrNull(op, "phase"),
        textOrNull(op, "message"));
  }

  /** A short description for messages: {@code OutOfSync Progressing at 1a2b3c4d5e6f}. */
  public String summary() {
    return sync
        + " "
        + health
        + (revision == null ? "" : " at " + revision.substring(0, Math.min(12, revision.length())))
        + (operationPhase == null ? "" : ", last sync " + operationPhase);
  }
}
