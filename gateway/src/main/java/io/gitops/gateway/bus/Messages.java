package io.gitops.gateway.bus;

import io.gitops.gateway.codec.StatusJson;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.OperationState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The typed messages on the event bus. Those that any replica's feeds must see (statuses,
 * operations, announcements, cluster reachability) have a wire codec: JSON between members, the
 * record as is within one process. {@link LiveChanged} never leaves the process: informers run on
 * the replica that owns the app, and so does its reconcile.
 */
public final class Messages {
  private Messages() {}

  public record LiveChanged(ClusterId cluster, AppId app) {}

  public record StatusChanged(AppId app, AppStatus status) {}

  /**
   * A sync of an app started or ended; its status after the sync follows as {@link StatusChanged}.
   */
  public record OperationChanged(AppId app, OperationState operation) {}

  /**
   * A cluster became unreachable ({@code reason} says why) or reachable again ({@code reason}
   * null).
   */
  public record ClusterState(ClusterId cluster, boolean connected, String reason) {}

  /**
   * An app was created or its spec changed ({@code removed} false), or it was deleted, through the
   * API of replica {@code origin}: the other replicas' feeds look it up (or drop it). The origin's
   * own feed has applied it already and skips its own announcement.
   */
  public record AppAnnounced(AppId app, boolean removed, String origin) {}

  public static void registerCodecs(Vertx vertx) {
    vertx.eventBus().registerDefaultCodec(LiveChanged.class, new LocalCodec<>(LiveChanged.class));
    for (WireCodec<?> codec : WIRE) {
      register(vertx, codec);
    }
  }

  /** The codecs of the messages that cross replicas (package-visible for the round-trip test). */
  static final List<WireCodec<?>> WIRE =
      List.of(
          new WireCodec<>(
              StatusChanged.class,
              m -> app(m.app()).put("status", StatusJson.statusJson(m.status())),
              j -> new StatusChanged(app(j), StatusJson.statusFrom(j.getJsonObject("status")))),
          new WireCodec<>(
              OperationChanged.class,
              m -> app(m.app()).put("operation", StatusJson.operationJson(m.operation())),
              j ->
                  new OperationChanged(
                      app(j), StatusJson.operationFrom(j.getJsonObject("operation")))),
          new WireCodec<>(
              ClusterState.class,
              m ->
                  new JsonObject()
                      .put("cluster", m.cluster().value())
                      .put("connected", m.connected())
                      .put("reason", m.reason()),
              j ->
                  new ClusterState(
                      new ClusterId(j.getString("cluster")),
                      j.getBoolean("connected"),
                      j.getString("reason"))),
          new WireCodec<>(
              AppAnnounced.class,
              m -> app(m.app()).put("removed", m.removed()).put("origin", m.origin()),
              j -> new AppAnnounced(app(j), j.getBoolean("removed"), j.getString("origin"))));

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(Vertx vertx, WireCodec codec) {
    vertx.eventBus().registerDefaultCodec(codec.type(), codec);
  }

  private static JsonObject app(AppId id) {
    return new JsonObject().put("tenant", id.tenant().value()).put("app", id.name());
  }

  private static AppId app(JsonObject json) {
    return AppId.of(json.getString("tenant"), json.getString("app"));
  }

  private static final class LocalCodec<T> implements MessageCodec<T, T> {
    private final Class<T> type;

    LocalCodec(Class<T> type) {
      this.type = type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T t) {
      throw new UnsupportedOperationException(type.getSimpleName() + " is local only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException(type.getSimpleName() + " is local only");
    }

    @Override
    public T transform(T t) {
      return t; // records are immutable: safe to share
    }

    @Override
    public String name() {
      return "local-" + type.getName();
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
