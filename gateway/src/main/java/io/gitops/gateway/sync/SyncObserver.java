package io.gitops.gateway.sync;

import io.gitops.gateway.model.ResourceKey;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a running sync tells the reconcile loop, and asks of it: the live health of what it applied.
 */
public interface SyncObserver {
  void applied(ResourceKey key, Map<String, Object> serverCopy);

  void deleted(ResourceKey key);

  /**
   * Completes once every key is healthy; fails with a reason when one degrades or {@code timeout}
   * passes.
   */
  Future<Void> awaitHealthy(List<ResourceKey> keys, Duration timeout, String what);
}
