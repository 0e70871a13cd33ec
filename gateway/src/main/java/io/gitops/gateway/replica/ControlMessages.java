package io.gitops.gateway.replica;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.reconcile.Intent;
import io.gitops.gateway.reconcile.SyncWindowClosedException;
import io.gitops.gateway.source.PushHint;
import io.gitops.gateway.sync.AppDeletion;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON of the requests one replica hands another's controller ({@code Addresses.control}),
 * their answers, and their failures as reply codes, so that the API answers the same (404, 409,
 * 400) whichever replica served it.
 */
final class ControlMessages {
  /** The app is not known (deleted, or never was). */
  static final int NOT_FOUND = 404;

  /** A user's sync inside a closed sync window. */
  static final int WINDOW_CLOSED = 409;

  /** The app is not (or not yet) this replica's: the sender asks placement again and retries. */
  static final int NOT_HERE = 421;

  /** Anything else, its message as it is. */
  static final int FAILED = 500;

  private ControlMessages() {}

  static JsonObject request(String op, AppId id) {
    JsonObject json = new JsonObject().put("op", op);
    if (id != null) {
      json.put("tenant", id.tenant().value()).put("app", id.name());
    }
    return json;
  }

  static AppId app(JsonObject request) {
    return AppId.of(request.getString("tenant"), request.getString("app"));
  }

  static JsonObject intent(Intent intent) {
    JsonObject json = new JsonObject().put("triggeredBy", intent.triggeredBy());
    Intent.Choices choices = intent.choices();
    json.put("prune", choices.prune()).put("force", choices.force());
    if (intent instanceof Intent.Sync s) {
      return json.put("type", "sync").put("overrideSyncWindow", s.overrideSyncWindow());
    }
    if (intent instanceof Intent.Rollback r) {
      return json.put("type", "rollback")
          .put("revision", r.revision())
          .put("overrideSyncWindow", r.overrideSyncWindow());
    }
    // a retry never comes from the API: it is the owner's own
    return json.put("type", "observe");
  }

  static Intent intent(JsonObject json) {
    Intent.Choices choices = new Intent.Choices(json.getBoolean("prune"), json.getBoolean("force"));
    String who = json.getString("triggeredBy");
    boolean override = json.getBoolean("overrideSyncWindow", false);
    return switch (json.getString("type")) {
      case "sync" -> new Intent.Sync(who, choices, override);
      case "rollback" -> new Intent.Rollback(who, json.getString("revision"), choices, override);
      default -> new Intent.Observe(who);
    };
  }

  static JsonObject deletion(AppDeletion.Result r) {
    JsonArray deleted = new JsonArray();
    r.deleted().forEach(k -> deleted.add(key(k)));
    return new JsonObject()
        .put("deleted", deleted)
        .put("kept", keyed(r.kept()))
        .put("failed", keyed(r.failed()))
        .put("note", r.note())
        .put("blocked", r.blocked());
  }

  static AppDeletion.Result deletion(JsonObject json) {
    List<ResourceKey> deleted = new ArrayList<>();
    json.getJsonArray("deleted").forEach(k -> deleted.add(key((JsonObject) k)));
    return new AppDeletion.Result(
        deleted,
        keyed(json.getJsonArray("kept")),
        keyed(json.getJsonArray("failed")),
        json.getString("note"),
        json.getBoolean("blocked"));
  }

  /** The failure a reply carries, as the API's callers know it. */
  static Throwable failure(ReplyException e) {
    return switch (e.failureCode()) {
      case WINDOW_CLOSED -> new SyncWindowClosedException(e.getMessage());
      default -> new IllegalStateException(e.getMessage());
    };
  }

  /** The reply code of a failure of the owner's loop. */
  static int code(Throwable err) {
    if (err instanceof SyncWindowClosedException) {
      return WINDOW_CLOSED;
    }
    return String.valueOf(err.getMessage()).endsWith(" not found") ? NOT_FOUND : FAILED;
  }

  /** An optional string as an answer: {@code {"value": …}} (absent: null). */
  static JsonObject optional(Optional<String> value) {
    return new JsonObject().put("value", value.orElse(null));
  }

  static Set<String> strings(JsonArray json) {
    Set<String> out = new java.util.LinkedHashSet<>();
    json.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }

  static JsonObject counts(Map<String, Integer> counts) {
    JsonObject json = new JsonObject();
    counts.forEach(json::put);
    return json;
  }

  static JsonObject hint(PushHint hint) {
    return new JsonObject()
        .put("before", hint.before())
        .put("after", hint.after())
        .put("paths", new JsonArray(List.copyOf(hint.paths())));
  }

  @SuppressWarnings("unchecked")
  static PushHint hint(JsonObject json) {
    return new PushHint(
        json.getString("before"), json.getString("after"), strings(json.getJsonArray("paths")));
  }

  private static JsonObject key(ResourceKey k) {
    return new JsonObject()
        .put("group", k.group())
        .put("kind", k.kind())
        .put("namespace", k.namespace())
        .put("name", k.name());
  }

  private static ResourceKey key(JsonObject json) {
    return new ResourceKey(
        json.getString("group"),
        json.getString("kind"),
        json.getString("namespace"),
        json.getString("name"));
  }

  private static JsonArray keyed(Map<ResourceKey, String> map) {
    JsonArray out = new JsonArray();
    map.forEach((k, why) -> out.add(key(k).put("reason", why)));
    return out;
  }

  private static Map<ResourceKey, String> keyed(JsonArray json) {
    Map<ResourceKey, String> out = new LinkedHashMap<>();
    json.forEach(e -> out.put(key((JsonObject) e), ((JsonObject) e).getString("reason")));
    return out;
  }
}
