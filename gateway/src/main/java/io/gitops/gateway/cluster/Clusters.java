package io.gitops.gateway.cluster;

import io.gitops.gateway.config.ClusterConfig;
import io.gitops.gateway.model.ClusterId;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every cluster the gateway knows, by name. */
public final class Clusters {
  private final Vertx vertx;
  private final WorkerExecutor pool;
  private final LiveListener listener;
  private final ListLimiter lists;
  private final Map<ClusterId, ClusterConnection> connections = new ConcurrentHashMap<>();
  private final Duration informerLinger;
  private long probeTimer = -1;

  /**
   * How long an informer no app needs any more is kept by default: an app that comes back soon (its
   * replica handing it back, a kind dropped from Git and restored) finds its kind still listed. An
   * app's deletion keeps its kinds whatever the linger (the reconcile loop's LiveState).
   */
  public static final Duration DEFAULT_INFORMER_LINGER = Duration.ofMinutes(1);

  /**
   * {@code concurrentLists}: how many informers may do their first LIST at once, across clusters.
   */
  public Clusters(Vertx vertx, WorkerExecutor pool, LiveListener listener, int concurrentLists) {
    this(vertx, pool, listener, concurrentLists, DEFAULT_INFORMER_LINGER);
  }

  /**
   * {@code informerLinger}: how long an informer is kept after the last app that needed it let go
   * (an app that comes back at once finds it still listed).
   */
  public Clusters(
      Vertx vertx,
      WorkerExecutor pool,
      LiveListener listener,
      int concurrentLists,
      Duration informerLinger) {
    this.vertx = vertx;
    this.pool = pool;
    this.listener = listener;
    this.lists = new ListLimiter(concurrentLists);
    this.informerLinger = informerLinger;
  }

  public Duration informerLinger() {
    return informerLinger;
  }

  /**
   * Probes every cluster now and then every {@code interval}; a state change reaches the listener.
   */
  public void probeEvery(Duration interval, Context context) {
    probeAll(context);
    probeTimer = vertx.setPeriodic(interval.toMillis(), id -> probeAll(context));
  }

  private void probeAll(Context context) {
    connections.values().forEach(c -> c.probe(context));
  }

  /** Registers the clusters of the configuration; a bad entry fails with its key named. */
  public void register(List<ClusterConfig> configs) {
    for (int i = 0; i < configs.size(); i++) {
      ClusterConfig c = configs.get(i);
      ClusterId id = new ClusterId(c.name());
      connections.put(
          id,
          new ClusterConnection(
              id, ClusterClients.create(vertx, c, "clusters[" + i + "]"), pool, listener, lists));
    }
  }

  /** Adds (or replaces) a cluster at run time; {@code key} names the input in errors. */
  public ClusterConnection add(ClusterConfig config, String key) {
    ClusterId id = new ClusterId(config.name());
    ClusterConnection connection =
        new ClusterConnection(id, ClusterClients.create(vertx, config, key), pool, listener, lists);
    ClusterConnection old = connections.put(id, connection);
    if (old != null) {
      old.close();
    }
    return connection;
  }

  public boolean remove(ClusterId id) {
    ClusterConnection old = connections.remove(id);
    if (old != null) {
      old.close();
    }
    return old != null;
  }

  public Optional<ClusterConnection> get(ClusterId id) {
    return Optional.ofNullable(connections.get(id));
  }

  public Collection<ClusterConnection> all() {
    return connections.values();
  }

  public boolean synced() {
    return connections.values().stream().allMatch(ClusterConnection::synced);
  }

  public void close() {
    if (probeTimer >= 0) {
      vertx.cancelTimer(probeTimer);
    }
    connections.values().forEach(ClusterConnection::close);
  }
}
