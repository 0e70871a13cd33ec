package io.gitops.gateway.replica;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.gitops.gateway.config.ReplicaConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The cluster manager of a replicated gateway: Hazelcast, configured from {@code replicas.*}. Why
 * Hazelcast: it is Vert.x's default cluster manager (the best-trodden path of the clustered event
 * bus), embeds in the process with no server to run, finds members on Kubernetes through a headless
 * service's DNS without RBAC, and detects a dead member from missed heartbeats in a time we set.
 * Infinispan would do the same with a larger footprint (JGroups stack, more configuration).
 */
public final class ClusterManagers {
  private ClusterManagers() {}

  public static HazelcastClusterManager hazelcast(ReplicaConfig replicas) {
    HazelcastClusterManager manager = new HazelcastClusterManager();
    Config config = manager.loadConfig(); // Vert.x's maps and multimaps, with their backups
    config.setClusterName("gitops-gateway");
    // A silent member is declared dead after failureTimeout: its apps move then.
    long timeout = replicas.failureTimeout().toSeconds();
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(timeout));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false"); // the gateway leaves on stop
    // a clean stop hands its partitions over first, but never holds a rollout for long
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
    config.getNetworkConfig().setPort(replicas.port()).setPortAutoIncrement(false);
    config.getNetworkConfig().setPublicAddress(replicas.host() + ":" + replicas.port());
    config.getNetworkConfig().getInterfaces().setEnabled(false);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (replicas.kubernetesService() != null && !replicas.kubernetesService().isBlank()) {
      join.getKubernetesConfig()
          .setEnabled(true)
          .setProperty("service-dns", replicas.kubernetesService())
          .setProperty("service-port", String.valueOf(replicas.port()));
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(replicas.members());
    }
    manager.setConfig(config);
    return manager;
  }

  /** Where the event bus between members listens and what it tells the others. */
  public static EventBusOptions eventBus(ReplicaConfig replicas) {
    return new EventBusOptions()
        .setHost(replicas.host())
        .setPort(replicas.eventBusPort())
        .setClusterPublicHost(replicas.host());
  }
}
