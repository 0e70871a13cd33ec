package io.gitops.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code replicas.*} keys. Off by default: one process, no cluster manager started. On, the
 * gateway joins a Hazelcast cluster of gateways ({@code host}:{@code port}); members are found from
 * a fixed list ({@code members}, TCP-IP join, no multicast) or, on Kubernetes, from the DNS of a
 * headless service ({@code kubernetes-service}). The event bus between members listens on {@code
 * host}:{@code eventBusPort} (0: any free port; fix it where a network policy must name it). {@code
 * failureTimeout}: how long a member may be silent before the others take its apps (a {@code kill
 * -9} is seen when its heartbeats stop).
 */
public record ReplicaConfig(
    boolean enabled,
    String host,
    int port,
    int eventBusPort,
    List<String> members,
    String kubernetesService,
    Duration failureTimeout) {

  /** One process: the default for the demo and small installs. */
  public static final ReplicaConfig SINGLE =
      new ReplicaConfig(false, "127.0.0.1", 5701, 0, List.of(), null, Duration.ofSeconds(5));

  static ReplicaConfig from(ConfigSource src) {
    boolean enabled = src.bool("replicas.enabled", false);
    String host = src.string("replicas.host", SINGLE.host());
    int port = src.integer("replicas.port", SINGLE.port(), 1, 65535);
    int busPort = src.integer("replicas.event-bus-port", 0, 0, 65535);
    List<String> members = members(src.raw("replicas.members"));
    String service = src.string("replicas.kubernetes-service", null);
    Duration timeout =
        Duration.ofSeconds(
            src.integer(
                "replicas.failure-timeout-seconds",
                (int) SINGLE.failureTimeout().toSeconds(),
                2,
                300));
    if (!enabled) {
      return new ReplicaConfig(false, host, port, busPort, members, service, timeout);
    }
    if (members.isEmpty() == (service == null || service.isBlank())) {
      throw new ConfigException(
          "replicas",
          "with replicas.enabled, give either replicas.members (host:port list) or"
              + " replicas.kubernetes-service (a headless service's DNS name), exactly one");
    }
    for (String m : members) {
      if (!m.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?")) {
        throw new ConfigException("replicas.members", "'" + m + "' is not host or host:port");
      }
    }
    return new ReplicaConfig(true, host, port, busPort, members, service, timeout);
  }

  /** A YAML list, or one comma-separated string (how an environment variable gives it). */
  private static List<String> members(Object raw) {
    List<String> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (raw instanceof List<?> list) {
      list.forEach(m -> out.add(String.valueOf(m).trim()));
    } else if (raw instanceof String s) {
      for (String m : s.split(",")) {
        if (!m.isBlank()) {
          out.add(m.trim());
        }
      }
    } else {
      throw new ConfigException("replicas.members", "must be a list of host:port");
    }
    return List.copyOf(out);
  }
}
