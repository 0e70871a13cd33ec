package io.gitops.gateway.sync;

import io.gitops.gateway.diff.DiffVerdict;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.model.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What a sync will do, in order. Pure: planned from a comparison, executed by {@link Syncer}. */
public record SyncPlan(List<Step> steps) {

  public sealed interface Step {
    ResourceKey key();

    Map<String, Object> object();
  }

  /** Server-side apply; {@code create} says whether the object is missing on the cluster. */
  public record Apply(ResourceKey key, Map<String, Object> object, boolean create) implements Step {}

  public record Prune(ResourceKey key, Map<String, Object> object) implements Step {}

  /**
   * Applies what is missing or modified in {@link ApplyOrder}; prunes extras (live objects with this
   * app's tracking label that Git no longer has) only when the app allows it, last and in reverse order.
   */
  public static SyncPlan of(Map<ResourceKey, Map<String, Object>> desired, Collection<ObjectDiff> diffs,
      Map<ResourceKey, Map<String, Object>> extras, boolean prune) {
    List<Map<String, Object>> ordered = new ArrayList<>(desired.values());
    ordered.sort(ApplyOrder.COMPARATOR);
    List<Step> steps = new ArrayList<>();
    for (Map<String, Object> object : ordered) {
      ResourceKey key = ResourceKey.of(object);
      DiffVerdict verdict = verdictOf(key, diffs);
      if (verdict == DiffVerdict.MISSING || verdict == DiffVerdict.MODIFIED) {
        steps.add(new Apply(key, object, verdict == DiffVerdict.MISSING));
      }
    }
    if (prune) {
      List<Map<String, Object>> gone = new ArrayList<>(extras.values());
      gone.sort(ApplyOrder.COMPARATOR.reversed());
      gone.forEach(o -> steps.add(new Prune(ResourceKey.of(o), o)));
    }
    return new SyncPlan(List.copyOf(steps));
  }

  private static DiffVerdict verdictOf(ResourceKey key, Collection<ObjectDiff> diffs) {
    for (ObjectDiff d : diffs) {
      if (d.key().equals(key)) {
        return d.verdict();
      }
    }
    return DiffVerdict.MISSING;
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }
}
