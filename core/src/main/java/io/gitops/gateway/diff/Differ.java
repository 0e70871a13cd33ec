package io.gitops.gateway.diff;

import io.gitops.gateway.model.KindScopes;
import io.gitops.gateway.model.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drift detection for one object: desired (as rendered from Git) against live (as read back from
 * the cluster). Pure and thread-safe; the inputs are never modified.
 *
 * <p>Drift is (1) a field Git sets that live does not hold, compared after normalisation, or (2) a
 * field the gateway applied before (its managedFields entry, or kubectl's last-applied annotation)
 * that Git no longer sets but live still has, or (3) a label someone added ({@link ForeignLabels}).
 * Everything else live carries (server defaults, other controllers' fields, status) is not drift.
 */
public final class Differ {
  private Differ() {}

  /**
   * @param desired the object in Git, or null when Git no longer has it (verdict EXTRA)
   * @param live the object in the cluster, or null when it does not exist (verdict MISSING)
   */
  public static ObjectDiff compare(
      Map<String, Object> desired, Map<String, Object> live, DiffOptions options) {
    if (desired == null && live == null) {
      throw new IllegalArgumentException(
          "nothing to compare: both the desired and the live object are null");
    }
    DiffOptions opts = options == null ? DiffOptions.defaults() : options;
    ResourceKey raw = ResourceKey.of(live != null ? live : desired);
    boolean clusterScoped =
        KindScopes.isClusterScoped(raw.group(), raw.kind())
            || (live != null && raw.namespace().isEmpty());
    ResourceKey key =
        clusterScoped ? new ResourceKey(raw.group(), raw.kind(), "", raw.name()) : raw;
    if (live == null) {
      return new ObjectDiff(
          key,
          DiffVerdict.MISSING,
          List.of(),
          DriftText.whole(Normalizer.normalize(desired, clusterScoped), true));
    }
    if (desired == null) {
      return new ObjectDiff(
          key,
          DiffVerdict.EXTRA,
          List.of(),
          DriftText.whole(Normalizer.normalize(live, clusterScoped), false));
    }
    Map<String, Object> d = Normalizer.normalize(desired, clusterScoped);
    Map<String, Object> l = Normalizer.normalize(live, clusterScoped);
    dropIgnored(opts, key, live, d, l);

    Set<String> changed = new LinkedHashSet<>();
    DesiredCompare.compare(d, l, "", "", "", changed);
    List<String> removed = new ArrayList<>();
    for (Map<String, Object> applied : appliedBefore(live, opts)) {
      FieldSets.findRemoved(applied, d, l, "", removed);
    }
    ForeignLabels.find(d, l, removed);
    changed.addAll(removed);
    if (changed.isEmpty()) {
      return new ObjectDiff(key, DiffVerdict.IN_SYNC, List.of(), "");
    }
    return new ObjectDiff(
        key,
        DiffVerdict.MODIFIED,
        new ArrayList<>(changed),
        DriftText.modified(d, l, new LinkedHashSet<>(removed)));
  }

  /** What the gateway applied last time: its own managedFields, and kubectl's annotation if any. */
  private static List<Map<String, Object>> appliedBefore(
      Map<String, Object> live, DiffOptions opts) {
    List<Map<String, Object>> sets = FieldSets.ofManagers(live, List.of(opts.fieldManager()));
    Map<String, Object> lastApplied = FieldSets.ofLastApplied(live);
    if (lastApplied != null) {
      sets.add(lastApplied);
    }
    return sets;
  }

  /** Removes what the app's ignoreDifferences rules exclude from both sides. */
  private static void dropIgnored(
      DiffOptions opts,
      ResourceKey key,
      Map<String, Object> rawLive,
      Map<String, Object> d,
      Map<String, Object> l) {
    boolean any = false;
    for (IgnoreRule rule : opts.ignoreDifferences()) {
      if (!rule.appliesTo(key)) {
        continue;
      }
      any = true;
      for (String pointer : rule.jsonPointers()) {
        JsonPointers.mark(d, pointer);
        JsonPointers.mark(l, pointer);
      }
      for (String expression : rule.jqPathExpressions()) {
        JqPath path = JqPath.compile(expression);
        path.mark(d);
        path.mark(l);
      }
      if (!rule.managedFieldsManagers().isEmpty()) {
        for (Map<String, Object> owned :
            FieldSets.ofManagers(rawLive, rule.managedFieldsManagers())) {
          FieldSets.mark(d, owned, true);
          FieldSets.mark(l, owned, false);
        }
      }
    }
    if (any) {
      TreeNodes.purge(d);
      TreeNodes.purge(l);
    }
  }
}
