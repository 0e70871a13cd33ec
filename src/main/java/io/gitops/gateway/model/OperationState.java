package io.gitops.gateway.model;

import java.time.Instant;

/**
 * A sync operation as it goes: {@code Running} when it starts, then {@code Succeeded}, {@code
 * Failed} or {@code Error} with the reason. {@code id} is its row in the sync history.
 */
public record OperationState(long id, String phase, String message, String revision, Instant startedAt) {
  public static final String RUNNING = "Running";

  public OperationState {
    message = message == null ? "" : message;
  }

  public OperationState finished(String endPhase, String endMessage) {
    return new OperationState(id, endPhase, endMessage, revision, startedAt);
  }
}
