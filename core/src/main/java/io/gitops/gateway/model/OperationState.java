package io.gitops.gateway.model;

import java.time.Instant;

/**
 * A sync operation as it goes: {@code Running} when it starts, then {@code Succeeded}, {@code
 * Failed} or {@code Error} with the reason. {@code id} is its row in the sync history; {@code
 * triggeredBy} the user who asked, or what the gateway did on its own ("auto-sync", …).
 */
public record OperationState(
    long id, String phase, String message, String revision, Instant startedAt, String triggeredBy) {
  public static final String RUNNING = "Running";

  public OperationState {
    message = message == null ? "" : message;
    triggeredBy = triggeredBy == null ? "" : triggeredBy;
  }

  public OperationState(long id, String phase, String message, String revision, Instant startedAt) {
    this(id, phase, message, revision, startedAt, "");
  }

  public OperationState finished(String endPhase, String endMessage) {
    return new OperationState(id, endPhase, endMessage, revision, startedAt, triggeredBy);
  }
}
