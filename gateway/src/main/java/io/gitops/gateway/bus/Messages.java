package io.gitops.gateway.bus;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.OperationState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The typed messages on the event bus. They never leave the process: a local codec passes them as
 * is.
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

  public static void registerCodecs(Vertx vertx) {
    register(vertx, LiveChanged.class);
    register(vertx, StatusChanged.class);
    register(vertx, OperationChanged.class);
    register(vertx, ClusterState.class);
  }

  private static <T> void register(Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
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
