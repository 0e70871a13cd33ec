package io.gitops.gateway.replica;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.gitops.gateway.Launcher;
import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.ReplicaConfig;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * One member for {@link KubernetesDiscoveryTest}, in its own JVM (the test gives it a hosts file
 * through {@code -Djdk.net.hosts.file}, which a JVM reads only at its start): {@code replicas.*}
 * from the configuration file and {@code GATEWAY_*} environment as {@code serve} reads them, then
 * the clustered Vertx that {@code serve} builds. Prints {@code members N} whenever the cluster
 * changes, answers on {@code discovery.HOST} with its host, and asks every other member once it
 * sees them: {@code reply HOST} proves the event bus reaches that member.
 */
public final class DiscoveryMember {
  private DiscoveryMember() {}

  public static void main(String[] args) {
    ReplicaConfig replicas = ConfigLoader.load(Path.of(args[0]), System.getenv()).replicas();
    Vertx vertx = Launcher.vertx(new GatewayMetrics(), replicas);
    String host = replicas.host();
    vertx.eventBus().<String>consumer("discovery." + host, m -> m.reply(host));
    HazelcastInstance hazelcast = Hazelcast.getAllHazelcastInstances().iterator().next();
    hazelcast
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                changed(vertx, hazelcast, host);
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                changed(vertx, hazelcast, host);
              }
            });
    changed(vertx, hazelcast, host);
  }

  private static void changed(Vertx vertx, HazelcastInstance hazelcast, String self) {
    var members = hazelcast.getCluster().getMembers();
    System.out.println("members " + members.size());
    for (var member : members) {
      String other = member.getAddress().getHost();
      if (!member.localMember()) {
        ask(vertx, other, self, 20);
      }
    }
  }

  /** The other's consumer may not be known cluster-wide yet when it joins: asked again a while. */
  private static void ask(Vertx vertx, String other, String self, int attempts) {
    vertx
        .eventBus()
        .<String>request("discovery." + other, "hello from " + self)
        .onSuccess(reply -> System.out.println("reply " + reply.body()))
        .onFailure(
            err -> {
              System.out.println("no reply from " + other + ": " + err.getMessage());
              if (attempts > 1) {
                vertx.setTimer(500, t -> ask(vertx, other, self, attempts - 1));
              }
            });
  }
}
