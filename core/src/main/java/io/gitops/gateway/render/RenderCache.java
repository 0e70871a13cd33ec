package io.gitops.gateway.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Least-recently-used cache of renders. A commit is immutable, so an entry never goes stale; it is
 * only evicted for room. Thread-safe: renders run on a worker pool.
 */
public final class RenderCache {
  private final Map<RenderKey, RenderResult> entries;

  public RenderCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<RenderKey, RenderResult> eldest) {
            return size() > maxEntries;
          }
        };
  }

  public synchronized Optional<RenderResult> get(RenderKey key) {
    return Optional.ofNullable(entries.get(key));
  }

  public synchronized void put(RenderKey key, RenderResult result) {
    entries.put(key, result);
  }

  public synchronized int size() {
    return entries.size();
  }
}
