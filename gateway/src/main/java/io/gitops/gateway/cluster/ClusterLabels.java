package io.gitops.gateway.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The labels of every cluster (env: prod, region: eu): those of the configuration file, replaced
 * per cluster by those an operator set through the admin API. App sets select clusters by them;
 * listeners hear of every change so that a relabelled cluster gains or loses generated apps.
 */
public final class ClusterLabels {
  private final Map<String, Map<String, String>> configured;
  private final Map<String, Map<String, String>> overridden = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ClusterLabels(Map<String, Map<String, String>> configured) {
    this.configured = Map.copyOf(configured);
  }

  /** The labels of {@code cluster} (none: empty). */
  public Map<String, String> of(String cluster) {
    Map<String, String> set = overridden.get(cluster);
    if (set != null) {
      return set;
    }
    return configured.getOrDefault(cluster, Map.of());
  }

  /** Labels set through the API (loaded at start or just stored): they replace the file's. */
  public void set(String cluster, Map<String, String> labels) {
    overridden.put(cluster, Map.copyOf(labels));
    listeners.forEach(Runnable::run);
  }

  /** Called after every change, on the caller's thread. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }
}
