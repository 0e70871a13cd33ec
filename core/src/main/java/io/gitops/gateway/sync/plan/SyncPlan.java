package io.gitops.gateway.sync.plan;

import io.gitops.gateway.diff.DiffVerdict;
import io.gitops.gateway.diff.ForeignLabels;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sync will do, in order: PreSync hooks, then the waves (each applied, its Sync hooks run,
 * then waited for until healthy before the next), then prunes, then PostSync hooks; SyncFail hooks
 * only when it fails. Pure: planned from a comparison, executed by {@link Syncer}, shown as is by a
 * dry run.
 *
 * @param held extras that are not pruned, and why
 * @param refusal non-null when the sync must not run at all (an empty render would prune
 *     everything)
 */
public record SyncPlan(
    List<Step> preSync,
    List<Wave> waves,
    List<Step> prunes,
    List<Step> postSync,
    List<Step> syncFail,
    Map<ResourceKey, String> held,
    String refusal) {

  public sealed interface Step {
    ResourceKey key();

    Map<String, Object> object();
  }

  /**
   * Server-side apply; {@code create} says whether the object is missing on the cluster. {@code
   * strayLabels}: labels someone added that Git does not set ({@link ForeignLabels}), which apply
   * cannot remove (another manager owns them): removed right after it.
   */
  public record Apply(
      ResourceKey key, Map<String, Object> object, boolean create, List<String> strayLabels)
      implements Step {
    public Apply(ResourceKey key, Map<String, Object> object, boolean create) {
      this(key, object, create, List.of());
    }
  }

  public record Prune(ResourceKey key, Map<String, Object> object) implements Step {}

  /** A hook: deleted if present, created, and waited for until it succeeds or fails. */
  public record Hook(ResourceKey key, Map<String, Object> object, Hooks.Phase phase)
      implements Step {}

  /**
   * One sync wave: what to apply, every desired object of the wave, which must be healthy before
   * the next, and the wave's {@code Sync} hooks, run once its objects are applied.
   */
  public record Wave(int number, List<Step> steps, List<ResourceKey> members, List<Step> hooks) {
    public Wave(int number, List<Step> steps, List<ResourceKey> members) {
      this(number, steps, members, List.of());
    }
  }

  /**
   * Applies what is missing or modified in {@link ApplyOrder}, grouped by wave; prunes extras (live
   * objects with this app's tracking label that Git no longer has) only when {@code
   * options.prune()}, through {@link PruneGuard}, last and in reverse order.
   */
  public static SyncPlan of(
      AppId app,
      Map<ResourceKey, Map<String, Object>> desired,
      Collection<ObjectDiff> diffs,
      Map<ResourceKey, Map<String, Object>> extras,
      List<Map<String, Object>> hooks,
      SyncOptions options) {
    List<Map<String, Object>> ordered = new ArrayList<>(desired.values());
    ordered.sort(ApplyOrder.COMPARATOR);
    Map<Integer, List<Step>> steps = new TreeMap<>();
    Map<Integer, List<ResourceKey>> members = new TreeMap<>();
    Map<ResourceKey, ObjectDiff> byKey = new HashMap<>();
    diffs.forEach(d -> byKey.put(d.key(), d));
    for (Map<String, Object> object : ordered) {
      ResourceKey key = ResourceKey.of(object);
      int wave = ApplyOrder.phaseWave(object);
      members.computeIfAbsent(wave, w -> new ArrayList<>()).add(key);
      ObjectDiff diff = byKey.get(key);
      if (diff == null || diff.verdict() == DiffVerdict.MISSING) {
        steps.computeIfAbsent(wave, w -> new ArrayList<>()).add(new Apply(key, object, true));
      } else if (diff.verdict() == DiffVerdict.MODIFIED) {
        steps
            .computeIfAbsent(wave, w -> new ArrayList<>())
            .add(new Apply(key, object, false, ForeignLabels.keys(diff.changedPaths(), object)));
      }
    }
    Map<Hooks.Phase, List<Step>> byPhase = hookSteps(hooks);
    Map<Integer, List<Step>> syncHooks = new TreeMap<>();
    byPhase
        .getOrDefault(Hooks.Phase.SYNC, List.of())
        .forEach(
            h ->
                syncHooks
                    .computeIfAbsent(ApplyOrder.wave(h.object()), w -> new ArrayList<>())
                    .add(h));
    // A wave with nothing to apply still gates the later ones: they wait until its objects are
    // healthy.
    int lastGate =
        byPhase.containsKey(Hooks.Phase.POST_SYNC)
            ? Integer.MAX_VALUE
            : java.util.stream.Stream.concat(steps.keySet().stream(), syncHooks.keySet().stream())
                .mapToInt(Integer::intValue)
                .max()
                .orElse(Integer.MIN_VALUE);
    List<Wave> waves = new ArrayList<>();
    if (!steps.isEmpty() || !syncHooks.isEmpty() || byPhase.containsKey(Hooks.Phase.POST_SYNC)) {
      java.util.SortedSet<Integer> numbers = new java.util.TreeSet<>(members.keySet());
      numbers.addAll(syncHooks.keySet());
      for (int wave : numbers) {
        if (wave <= lastGate) {
          waves.add(
              new Wave(
                  wave,
                  List.copyOf(steps.getOrDefault(wave, List.of())),
                  List.copyOf(members.getOrDefault(wave, List.of())),
                  List.copyOf(syncHooks.getOrDefault(wave, List.of()))));
        }
      }
    }

    PruneGuard.Decision decision =
        options.prune()
            ? PruneGuard.decide(app, extras.values(), desired.size(), options.allowEmpty())
            : new PruneGuard.Decision(List.of(), notPruning(extras), null);
    List<Map<String, Object>> gone = new ArrayList<>(decision.prune());
    gone.sort(ApplyOrder.COMPARATOR.reversed());
    List<Step> prunes = gone.stream().<Step>map(o -> new Prune(ResourceKey.of(o), o)).toList();

    Map<ResourceKey, String> held = new LinkedHashMap<>(decision.held());
    for (Hooks.Phase deletion : List.of(Hooks.Phase.PRE_DELETE, Hooks.Phase.POST_DELETE)) {
      byPhase
          .getOrDefault(deletion, List.of())
          .forEach(
              h ->
                  held.put(
                      h.key(), deletion + " hook: runs when the app is deleted with a cascade"));
    }
    return new SyncPlan(
        byPhase.getOrDefault(Hooks.Phase.PRE_SYNC, List.of()),
        List.copyOf(waves),
        prunes,
        byPhase.getOrDefault(Hooks.Phase.POST_SYNC, List.of()),
        byPhase.getOrDefault(Hooks.Phase.SYNC_FAIL, List.of()),
        Map.copyOf(held),
        decision.refusal());
  }

  private static Map<Hooks.Phase, List<Step>> hookSteps(List<Map<String, Object>> hooks) {
    Map<Hooks.Phase, List<Step>> byPhase = new LinkedHashMap<>();
    List<Map<String, Object>> ordered = new ArrayList<>(hooks);
    ordered.sort(ApplyOrder.COMPARATOR);
    for (Map<String, Object> h : ordered) {
      Hooks.phaseOf(h)
          .ifPresent(
              p ->
                  byPhase
                      .computeIfAbsent(p, x -> new ArrayList<>())
                      .add(new Hook(ResourceKey.of(h), h, p)));
    }
    return byPhase;
  }

  private static Map<ResourceKey, String> notPruning(Map<ResourceKey, Map<String, Object>> extras) {
    Map<ResourceKey, String> held = new LinkedHashMap<>();
    extras.keySet().forEach(k -> held.put(k, "no longer in Git; not pruned (prune is off)"));
    return held;
  }

  /** A plan with nothing in it (what Git holds could not be planned at all). */
  public static SyncPlan nothing() {
    return new SyncPlan(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), null);
  }

  /** This plan, refused as a whole for {@code reason} (a tenant policy): nothing of it may run. */
  public SyncPlan refused(String reason) {
    return new SyncPlan(preSync, waves, prunes, postSync, syncFail, held, reason);
  }

  /** True when nothing would be applied, pruned or run. */
  public boolean isEmpty() {
    return preSync.isEmpty()
        && waves.stream().allMatch(w -> w.steps().isEmpty() && w.hooks().isEmpty())
        && prunes.isEmpty()
        && postSync.isEmpty();
  }

  /** What a dry run reports: keys by what would happen to them. */
  public Map<String, List<String>> describe() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> create = new ArrayList<>();
    List<String> change = new ArrayList<>();
    for (Wave w : waves) {
      for (Step s : w.steps()) {
        (((Apply) s).create() ? create : change).add(s.key() + " (wave " + w.number() + ")");
      }
    }
    out.put("create", create);
    out.put("change", change);
    out.put("prune", prunes.stream().map(s -> s.key().toString()).toList());
    out.put("held", held.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    List<String> hooks = new ArrayList<>();
    preSync.forEach(s -> hooks.add("PreSync " + s.key()));
    waves.forEach(
        w -> w.hooks().forEach(s -> hooks.add("Sync " + s.key() + " (wave " + w.number() + ")")));
    postSync.forEach(s -> hooks.add("PostSync " + s.key()));
    out.put("hooks", hooks);
    return out;
  }
}
