package io.gitops.gateway.cluster;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ClusterId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which apps need which kinds watched on which cluster: a reference count per (cluster, kind), so
 * an informer is kept exactly while some app needs it. Not thread-safe: it lives on one context
 * (the reconcile loop's), where every need is taken and given back.
 */
public final class InformerNeeds {
  /** One informer's worth of need: a kind on a cluster. */
  public record Watched(ClusterId cluster, GroupKind kind) {}

  private record Need(ClusterId cluster, Set<GroupKind> kinds) {}

  private final Map<AppId, Need> byApp = new HashMap<>();
  private final Map<Watched, Set<AppId>> byKind = new HashMap<>();

  /**
   * The app now needs exactly {@code kinds} on {@code cluster} (what it needed before, there or on
   * another cluster, is given back). Returns what nobody needs any more.
   */
  public List<Watched> set(AppId app, ClusterId cluster, Set<GroupKind> kinds) {
    List<Watched> unneeded = release(app);
    add(app, cluster, kinds);
    unneeded.removeIf(this::needed);
    return unneeded;
  }

  /**
   * Adds to what the app needs, taking nothing away (a dry run); on another cluster than it needed
   * before, as {@link #set}. Returns what nobody needs any more.
   */
  public List<Watched> add(AppId app, ClusterId cluster, Set<GroupKind> kinds) {
    Need before = byApp.get(app);
    if (before != null && !before.cluster().equals(cluster)) {
      return set(app, cluster, kinds);
    }
    Need need = before == null ? new Need(cluster, new HashSet<>()) : before;
    byApp.put(app, need);
    for (GroupKind kind : kinds) {
      if (need.kinds().add(kind)) {
        byKind.computeIfAbsent(new Watched(cluster, kind), w -> new HashSet<>()).add(app);
      }
    }
    return new ArrayList<>();
  }

  /** The app needs nothing any more. Returns what nobody needs any more. */
  public List<Watched> release(AppId app) {
    List<Watched> unneeded = new ArrayList<>();
    Need need = byApp.remove(app);
    if (need == null) {
      return unneeded;
    }
    for (GroupKind kind : need.kinds()) {
      Watched w = new Watched(need.cluster(), kind);
      Set<AppId> apps = byKind.get(w);
      if (apps != null && apps.remove(app) && apps.isEmpty()) {
        byKind.remove(w);
        unneeded.add(w);
      }
    }
    return unneeded;
  }

  public boolean needed(Watched w) {
    return byKind.containsKey(w);
  }

  /** The kinds some app needs on {@code cluster}. */
  public Set<GroupKind> kinds(ClusterId cluster) {
    Set<GroupKind> out = new HashSet<>();
    byKind.keySet().stream()
        .filter(w -> w.cluster().equals(cluster))
        .forEach(w -> out.add(w.kind()));
    return out;
  }
}
