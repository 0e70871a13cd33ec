package io.gitops.gateway.codec;

import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.SyncStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An app's status and a sync operation both ways, whole: what one replica publishes on the event
 * bus must come out equal on another ({@link AppJson#statusJson} is the written half of the status;
 * this reads it back).
 */
public final class StatusJson {
  private StatusJson() {}

  public static JsonObject statusJson(AppStatus status) {
    return AppJson.statusJson(status);
  }

  public static AppStatus statusFrom(JsonObject json) {
    JsonObject sync = json.getJsonObject("sync");
    JsonObject health = json.getJsonObject("health");
    List<ResourceStatus> resources = new ArrayList<>();
    for (Object o : json.getJsonArray("resources", new JsonArray())) {
      resources.add(resourceFrom((JsonObject) o));
    }
    return new AppStatus(
        SyncStatus.fromLabel(sync.getString("status")),
        HealthStatus.fromLabel(health.getString("status")),
        health.getString("message"),
        sync.getString("revision"),
        json.getString("message"),
        resources,
        instant(json.getString("reconciledAt")));
  }

  public static ResourceStatus resourceFrom(JsonObject r) {
    String health = r.getString("health");
    return new ResourceStatus(
        new ResourceKey(
            r.getString("group"),
            r.getString("kind"),
            r.getString("namespace"),
            r.getString("name")),
        SyncStatus.fromLabel(r.getString("status")),
        health == null ? null : HealthStatus.fromLabel(health),
        r.getString("message"));
  }

  public static JsonObject operationJson(OperationState op) {
    return new JsonObject()
        .put("id", op.id())
        .put("phase", op.phase())
        .put("message", op.message())
        .put("revision", op.revision())
        .put("startedAt", op.startedAt() == null ? null : op.startedAt().toString())
        .put("triggeredBy", op.triggeredBy());
  }

  public static OperationState operationFrom(JsonObject json) {
    return new OperationState(
        json.getLong("id"),
        json.getString("phase"),
        json.getString("message"),
        json.getString("revision"),
        instant(json.getString("startedAt")),
        json.getString("triggeredBy"));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
