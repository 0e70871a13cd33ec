package io.gitops.gateway.notify;

import io.gitops.gateway.model.AppId;
import java.time.Instant;

/**
 * Something that happened to an app, as every preset and template sees it. {@code message} is the
 * sync's or the health's own message (what failed, what is degraded); never a secret.
 */
public record NotificationEvent(
    AppId app,
    Trigger trigger,
    String syncStatus,
    String health,
    String revision,
    String message,
    Instant at) {
  public NotificationEvent {
    syncStatus = syncStatus == null ? "" : syncStatus;
    health = health == null ? "" : health;
    revision = revision == null ? "" : revision;
    message = message == null ? "" : message;
  }
}
