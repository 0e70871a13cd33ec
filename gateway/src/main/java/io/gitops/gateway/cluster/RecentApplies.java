package io.gitops.gateway.cluster;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway just wrote, per app, until the informer caches have seen it. After an apply the
 * next reconcile may be triggered by the informer event of ONE object while the caches of the other
 * kinds have not yet seen theirs: without this, those look missing or old, and self-heal applies
 * them again. A cached copy that is absent or older (lower resourceVersion) than the server's
 * answer is "cache not caught up", not drift, for at most {@code window}; a pruned object still
 * cached is treated as gone. Entries end once the cache catches up or the window passes. Not
 * thread-safe: it lives on the reconcile loop's context.
 */
public final class RecentApplies {
  private record Entry(String resourceVersion, Map<String, Object> object, Instant at) {
    boolean deleted() {
      return object == null;
    }
  }

  private final Duration window;
  private final Map<AppId, Map<ResourceKey, Entry>> byApp = new HashMap<>();

  public RecentApplies(Duration window) {
    this.window = window;
  }

  public Duration window() {
    return window;
  }

  public void applied(AppId app, ResourceKey key, Map<String, Object> serverCopy, Instant now) {
    byApp
        .computeIfAbsent(app, a -> new LinkedHashMap<>())
        .put(key, new Entry(resourceVersion(serverCopy), serverCopy, now));
  }

  public void deleted(AppId app, ResourceKey key, Instant now) {
    byApp.computeIfAbsent(app, a -> new LinkedHashMap<>()).put(key, new Entry(null, null, now));
  }

  public void forget(AppId app) {
    byApp.remove(app);
  }

  /**
   * The app's live objects: the cache's copies, with what we wrote where the cache has not caught
   * up.
   */
  public List<Map<String, Object>> overlay(
      AppId app, List<Map<String, Object>> cached, Instant now) {
    Map<ResourceKey, Entry> entries = byApp.get(app);
    if (entries == null) {
      return cached;
    }
    Map<ResourceKey, Map<String, Object>> live = new LinkedHashMap<>();
    cached.forEach(o -> live.put(ResourceKey.of(o), o));
    for (Iterator<Map.Entry<ResourceKey, Entry>> it = entries.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<ResourceKey, Entry> e = it.next();
      Entry entry = e.getValue();
      Map<String, Object> copy = live.get(e.getKey());
      if (entry.at().plus(window).isBefore(now) || caughtUp(entry, copy)) {
        it.remove();
      } else if (entry.deleted()) {
        live.remove(e.getKey());
      } else {
        live.put(e.getKey(), entry.object());
      }
    }
    if (entries.isEmpty()) {
      byApp.remove(app);
    }
    return new ArrayList<>(live.values());
  }

  private static boolean caughtUp(Entry entry, Map<String, Object> copy) {
    if (entry.deleted()) {
      return copy == null;
    }
    if (copy == null) {
      return false;
    }
    String cachedVersion = resourceVersion(copy);
    try {
      return Long.parseLong(cachedVersion) >= Long.parseLong(entry.resourceVersion());
    } catch (NumberFormatException opaque) {
      return true; // versions we cannot order: trust the cache rather than hide a real change
    }
  }

  private static String resourceVersion(Map<String, Object> o) {
    return o.get("metadata") instanceof Map<?, ?> md
        ? String.valueOf(md.get("resourceVersion"))
        : "";
  }
}
