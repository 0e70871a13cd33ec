package io.gitops.gateway.api.feed;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.vertx.core.json.JsonObject;

/** What the feed knows of one app: where it goes and its last status. */
public record AppView(AppId id, String cluster, AppStatus status) {

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
        .put("reconciledAt", status.reconciledAt() == null ? null : status.reconciledAt().toString());
  }
}
