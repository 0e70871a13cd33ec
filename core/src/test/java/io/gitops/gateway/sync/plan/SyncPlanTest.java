package io.gitops.gateway.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.diff.DiffOptions;
import io.gitops.gateway.diff.Differ;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning a sync: waves in order, hooks apart, and what prune may and may not delete. */
class SyncPlanTest {
  static final AppId APP = AppId.of("shop", "web");

  static Map<String, Object> object(
      String apiVersion,
      String kind,
      String name,
      Map<String, Object> annotations,
      Map<String, Object> labels) {
    Map<String, Object> md = new LinkedHashMap<>();
    md.put("name", name);
    md.put("namespace", "shop");
    md.put("annotations", annotations);
    md.put("labels", labels);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    o.put("metadata", md);
    return o;
  }

  static Map<String, Object> ours(String kind, String name, Map<String, Object> annotations) {
    String api = kind.equals("Deployment") ? "apps/v1" : kind.equals("Job") ? "batch/v1" : "v1";
    return object(
        api, kind, name, annotations, Map.of("gitops.io/tenant", "shop", "gitops.io/app", "web"));
  }

  static SyncPlan plan(
      List<Map<String, Object>> desired, List<Map<String, Object>> live, SyncOptions options) {
    Map<ResourceKey, Map<String, Object>> d = new LinkedHashMap<>();
    List<Map<String, Object>> hooks = new ArrayList<>();
    desired.forEach(
        o -> {
          if (Hooks.isHook(o)) {
            hooks.add(o);
          } else {
            d.put(ResourceKey.of(o), o);
          }
        });
    List<ObjectDiff> diffs =
        d.values().stream().map(o -> Differ.compare(o, null, DiffOptions.defaults())).toList();
    Map<ResourceKey, Map<String, Object>> extras = new LinkedHashMap<>();
    live.forEach(o -> extras.put(ResourceKey.of(o), o));
    return SyncPlan.of(APP, d, diffs, extras, hooks, options);
  }

  static SyncOptions prune(boolean allowEmpty) {
    return SyncOptions.of(new AppSpec.SyncPolicy(true, true, false, allowEmpty, List.of()));
  }

  @Test
  void wavesAreOrderedByAnnotationWithNamespacesFirstAndHooksApart() {
    SyncPlan plan =
        plan(
            List.of(
                ours("ConfigMap", "late", Map.of("argocd.argoproj.io/sync-wave", "2")),
                ours("Deployment", "web", Map.of()),
                ours("ConfigMap", "early", Map.of("gitops.io/sync-wave", "-1")),
                object("v1", "Namespace", "shop", Map.of(), Map.of()),
                ours("Job", "migrate", Map.of("argocd.argoproj.io/hook", "PreSync")),
                ours("Job", "smoke", Map.of("gitops.io/hook", "PostSync"))),
            List.of(),
            prune(false));

    assertThat(plan.waves())
        .extracting(SyncPlan.Wave::number)
        .containsExactly(Integer.MIN_VALUE, -1, 0, 2);
    assertThat(plan.waves().get(2).steps()).extracting(s -> s.key().name()).containsExactly("web");
    assertThat(plan.preSync()).extracting(s -> s.key().name()).containsExactly("migrate");
    assertThat(plan.postSync()).extracting(s -> s.key().name()).containsExactly("smoke");
  }

  @Test
  void pruneTakesOnlyThisAppsLabelledObjectsAndHonoursTheHoldAnnotations() {
    Map<String, Object> gone = ours("ConfigMap", "gone", Map.of());
    Map<String, Object> held = ours("ConfigMap", "held", Map.of("gitops.io/prune", "false"));
    Map<String, Object> argoHeld =
        ours(
            "ConfigMap",
            "argo-held",
            Map.of("argocd.argoproj.io/sync-options", "Validate=false,Prune=false"));
    Map<String, Object> otherApp =
        object(
            "v1",
            "ConfigMap",
            "other",
            Map.of(),
            Map.of("gitops.io/tenant", "shop", "gitops.io/app", "api"));

    SyncPlan plan =
        plan(
            List.of(ours("ConfigMap", "kept", Map.of())),
            List.of(gone, held, argoHeld, otherApp),
            prune(false));

    assertThat(plan.prunes()).extracting(s -> s.key().name()).containsExactly("gone");
    assertThat(plan.held().keySet())
        .extracting(ResourceKey::name)
        .containsExactlyInAnyOrder("held", "argo-held", "other");
    assertThat(plan.refusal()).isNull();
  }

  @Test
  void anEmptyRenderNeverPrunesEverythingUnlessAllowed() {
    List<Map<String, Object>> live =
        List.of(ours("ConfigMap", "a", Map.of()), ours("ConfigMap", "b", Map.of()));

    SyncPlan refused = plan(List.of(), live, prune(false));
    assertThat(refused.prunes()).isEmpty();
    assertThat(refused.refusal())
        .contains("refusing to prune all 2 objects")
        .contains("allowEmpty");

    SyncPlan allowed = plan(List.of(), live, prune(true));
    assertThat(allowed.prunes()).hasSize(2);
    assertThat(allowed.refusal()).isNull();
  }

  @Test
  void withoutPruneExtrasAreHeldAndSaySo() {
    SyncPlan plan =
        plan(
            List.of(),
            List.of(ours("ConfigMap", "a", Map.of())),
            SyncOptions.of(new AppSpec.SyncPolicy(true, false, false)));
    assertThat(plan.prunes()).isEmpty();
    assertThat(plan.held().values()).containsExactly("no longer in Git; not pruned (prune is off)");
  }

  @Test
  void conflictsAreOverriddenOnlyWhenTheAppSaysSo() {
    assertThat(SyncOptions.of(new AppSpec.SyncPolicy(true, false, false)).force()).isFalse();
    assertThat(SyncOptions.of(new AppSpec.SyncPolicy(true, false, true)).force()).isTrue();
    assertThat(
            SyncOptions.of(
                    new AppSpec.SyncPolicy(
                        true, false, true, false, List.of("FieldConflicts=Report")))
                .force())
        .isFalse();
    assertThat(
            SyncOptions.of(
                    new AppSpec.SyncPolicy(
                        false, false, false, false, List.of("FieldConflicts=Override")))
                .force())
        .isTrue();
  }

  @Test
  void aWaveWithNothingToApplyStillGatesTheLaterWaves() {
    Map<String, Object> api = ours("Deployment", "api", Map.of());
    Map<String, Object> after = ours("ConfigMap", "after", Map.of("gitops.io/sync-wave", "1"));
    Map<ResourceKey, Map<String, Object>> desired = new LinkedHashMap<>();
    desired.put(ResourceKey.of(api), api);
    desired.put(ResourceKey.of(after), after);
    List<ObjectDiff> diffs =
        List.of(
            Differ.compare(api, api, DiffOptions.defaults()),
            Differ.compare(after, null, DiffOptions.defaults()));

    SyncPlan plan = SyncPlan.of(APP, desired, diffs, Map.of(), List.of(), prune(false));

    assertThat(plan.waves()).extracting(SyncPlan.Wave::number).containsExactly(0, 1);
    assertThat(plan.waves().get(0).steps()).isEmpty();
    assertThat(plan.waves().get(0).members()).containsExactly(ResourceKey.of(api));
  }

  @Test
  void aLabelSomeoneAddedIsRemovedAfterTheApplyAndALabelGitSetsIsLeftToTheApply() {
    Map<String, Object> desired =
        object("v1", "ConfigMap", "settings", Map.of(), Map.of("tier", "web"));
    Map<String, Object> live =
        object(
            "v1",
            "ConfigMap",
            "settings",
            Map.of(),
            Map.of(
                "tier",
                "db",
                "audit",
                "done",
                "kubernetes.io/managed",
                "x",
                "gitops.io/app",
                "web"));
    ObjectDiff diff = Differ.compare(desired, live, DiffOptions.defaults());

    SyncPlan plan =
        SyncPlan.of(
            APP,
            Map.of(ResourceKey.of(desired), desired),
            List.of(diff),
            Map.of(),
            List.of(),
            prune(false));

    SyncPlan.Apply apply = (SyncPlan.Apply) plan.waves().get(0).steps().get(0);
    assertThat(apply.create()).isFalse();
    assertThat(apply.strayLabels()).containsExactly("audit");
  }

  @Test
  void aSyncHookRunsInsideItsWaveNotAfterTheLast() {
    SyncPlan plan =
        plan(
            List.of(
                ours("ConfigMap", "first", Map.of()),
                ours(
                    "Job",
                    "seed",
                    Map.of("argocd.argoproj.io/hook", "Sync", "argocd.argoproj.io/sync-wave", "1")),
                ours("ConfigMap", "last", Map.of("argocd.argoproj.io/sync-wave", "2"))),
            List.of(),
            prune(false));

    assertThat(plan.waves()).extracting(SyncPlan.Wave::number).containsExactly(0, 1, 2);
    assertThat(plan.waves().get(1).hooks())
        .extracting(SyncPlan.Step::key)
        .extracting(ResourceKey::name)
        .containsExactly("seed");
    assertThat(plan.waves().get(1).members()).isEmpty();
    assertThat(plan.postSync()).isEmpty();
    assertThat(plan.describe().get("hooks")).containsExactly("Sync Job.batch/shop/seed (wave 1)");
  }

  @Test
  void deletionHooksAreHeldSayingSoAndNotRunBySync() {
    SyncPlan plan =
        plan(
            List.of(
                ours("ConfigMap", "settings", Map.of()),
                ours("Job", "drain", Map.of("argocd.argoproj.io/hook", "PreDelete")),
                ours("Job", "farewell", Map.of("gitops.io/hook", "PostDelete"))),
            List.of(),
            prune(false));

    assertThat(plan.held().values())
        .containsExactlyInAnyOrder(
            "PRE_DELETE hook: runs when the app is deleted with a cascade",
            "POST_DELETE hook: runs when the app is deleted with a cascade");
    assertThat(plan.preSync()).isEmpty();
    assertThat(plan.postSync()).isEmpty();
  }

  @Test
  void beforeHookCreationIsTheDefaultOnlyWhenNoPolicyIsGiven() {
    String policy = "argocd.argoproj.io/hook-delete-policy";
    assertThat(
            Hooks.deleteBeforeCreation(
                ours("Job", "a", Map.of("argocd.argoproj.io/hook", "PreSync"))))
        .isTrue();
    assertThat(Hooks.deleteBeforeCreation(ours("Job", "b", Map.of(policy, "HookSucceeded"))))
        .isFalse();
    assertThat(
            Hooks.deleteBeforeCreation(
                ours("Job", "c", Map.of(policy, "HookSucceeded,BeforeHookCreation"))))
        .isTrue();
    assertThat(Hooks.deleteOnSuccess(ours("Job", "d", Map.of(policy, "HookSucceeded")))).isTrue();
    assertThat(Hooks.deleteOnFailure(ours("Job", "e", Map.of(policy, "HookFailed")))).isTrue();
  }
}
