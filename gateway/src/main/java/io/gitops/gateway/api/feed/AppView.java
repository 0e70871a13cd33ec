package io.gitops.gateway.api.feed;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.OperationState;
import io.vertx.core.json.JsonObject;

/**
 * What the feed knows of one app: where it goes, its last status and its last sync operation (null
 * before one).
 */
public record AppView(AppId id, String cluster, AppStatus status, OperationState operation) {

  public AppView(AppId id, String cluster, AppStatus status) {
    this(id, cluster, status, null);
  }

  AppView withStatus(AppStatus newer) {
    return new AppView(id, cluster, newer, operation);
  }

  AppView withOperation(OperationState newer) {
    return new AppView(id, cluster, status, newer);
  }

  /** The feed's JSON for this app: the fields a dashboard shows, never resources or secrets. */
  public JsonObject json(String type, long seq) {
    return new JsonObject()
        .put("type", type)
        .put("seq", seq)
        .put("tenant", id.tenant().value())
        .put("app", id.name())
        .put("cluster", cluster)
        .put("sync", status.sync().label())
        .put("health", status.health().label())
        .put("healthMessage", status.healthMessage())
        .put("revision", status.revision())
        .put("message", status.message())
        .put(
            "reconciledAt", status.reconciledAt() == null ? null : status.reconciledAt().toString())
        .put(
            "operation",
            operation == null
                ? null
                : new JsonObject()
                    .put("id", operation.id())
                    .put("phase", operation.phase())
                    .put("message", operation.message())
                    .put("revision", operation.revision())
                    .put(
                        "startedAt",
                        operation.startedAt() == null ? null : operation.startedAt().toString()));
  }
}
