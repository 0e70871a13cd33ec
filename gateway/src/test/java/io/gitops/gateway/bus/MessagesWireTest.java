package io.gitops.gateway.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.SyncStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The messages that cross replicas come out of the wire equal to what went in, every field and
 * every empty one; within one process nothing is serialised.
 */
class MessagesWireTest {
  static final AppId APP = AppId.of("shop", "web");
  static final Instant AT = Instant.parse("2026-12-06T07:01:02.345678Z");

  static List<Object> messages() {
    ResourceStatus deployment =
        new ResourceStatus(
            new ResourceKey("apps", "Deployment", "web", "web"),
            SyncStatus.OUT_OF_SYNC,
            HealthStatus.PROGRESSING,
            "rolling out");
    ResourceStatus namespace =
        new ResourceStatus(
            new ResourceKey("", "Namespace", "", "web"), SyncStatus.SYNCED, null, "");
    return List.of(
        new Messages.StatusChanged(
            APP,
            new AppStatus(
                SyncStatus.OUT_OF_SYNC,
                HealthStatus.PROGRESSING,
                "1 of 3 ready",
                "0123456789abcdef0123456789abcdef01234567",
                "drift on Deployment/web — ünïcode kept",
                List.of(deployment, namespace),
                AT)),
        // Before the first fetch: no revision, no reconcile time, no resources.
        new Messages.StatusChanged(APP, AppStatus.unknown("")),
        new Messages.OperationChanged(
            APP, new OperationState(42, OperationState.RUNNING, "", "abc", AT, "alice")),
        new Messages.OperationChanged(
            APP, new OperationState(43, "Failed", "apply failed: quota", null, null, "auto-sync")),
        new Messages.ClusterState(new ClusterId("prod-eu"), false, "connection refused"),
        new Messages.ClusterState(new ClusterId("prod-eu"), true, null),
        new Messages.AppAnnounced(APP, false, "replica-a"),
        new Messages.AppAnnounced(AppId.of("bank", "ledger"), true, "replica-b"));
  }

  @ParameterizedTest
  @MethodSource("messages")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void roundTripsThroughTheWire(Object message) {
    WireCodec codec =
        Messages.WIRE.stream()
            .filter(c -> c.type() == message.getClass())
            .findFirst()
            .orElseThrow();
    // Other bytes before it, as the event bus writes its own header first.
    Buffer wire = Buffer.buffer("header");
    codec.encodeToWire(wire, message);
    Object back = codec.decodeFromWire("header".length(), wire);
    assertThat(back).isNotSameAs(message).isEqualTo(message);
  }

  @Test
  void oneProcessHandsTheVeryRecordPublished() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Messages.registerCodecs(vertx);
      for (Object message : messages()) {
        CompletableFuture<Object> got = new CompletableFuture<>();
        var consumer = vertx.eventBus().consumer("wire-test", m -> got.complete(m.body()));
        consumer.completion().await(10, TimeUnit.SECONDS);
        vertx.eventBus().publish("wire-test", message);
        assertThat(got.get(10, TimeUnit.SECONDS)).isSameAs(message);
        consumer.unregister().await(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
