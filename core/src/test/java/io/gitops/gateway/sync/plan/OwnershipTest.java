package io.gitops.gateway.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.ResourceKey;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whose a live object is, as a table: (labels, place, adopt option) → may this app write it, and
 * why not.
 */
class OwnershipTest {
  static final AppId APP = AppId.of("team-a", "web");

  static Map<String, Object> live(Map<String, String> labels) {
    return Map.of("metadata", Map.of("labels", labels));
  }

  static Stream<Arguments> table() {
    ResourceKey own = new ResourceKey("", "ConfigMap", "team-a-web", "db");
    ResourceKey other = new ResourceKey("", "ConfigMap", "team-a-other", "db");
    ResourceKey ns = new ResourceKey("", "Namespace", "", "team-a-web");
    ResourceKey role = new ResourceKey("rbac.authorization.k8s.io", "ClusterRole", "", "admin");
    Map<String, String> ours = Map.of("gitops.io/tenant", "team-a", "gitops.io/app", "web");
    Map<String, String> sibling = Map.of("gitops.io/tenant", "team-a", "gitops.io/app", "api");
    Map<String, String> foreign = Map.of("gitops.io/tenant", "team-b", "gitops.io/app", "web");
    Map<String, String> tenantOnly = Map.of("gitops.io/tenant", "team-a");
    return Stream.of(
        Arguments.of(own, ours, false, null),
        Arguments.of(own, ours, true, null),
        Arguments.of(own, sibling, true, "belongs to app api of this tenant"),
        Arguments.of(own, foreign, true, "belongs to another tenant"),
        Arguments.of(own, tenantOnly, true, "belongs to this tenant but no app"),
        Arguments.of(own, Map.of(), false, "AdoptUnlabelled=true takes it over"),
        Arguments.of(own, Map.of(), true, null),
        Arguments.of(
            other, Map.of(), true, "no gitops.io/tenant/gitops.io/app labels); left untouched"),
        Arguments.of(ns, Map.of(), true, null),
        Arguments.of(role, Map.of(), true, "left untouched"));
  }

  @ParameterizedTest
  @MethodSource("table")
  void aLiveObjectIsWrittenOnlyWhenItIsThisAppsOrAdoptable(
      ResourceKey key, Map<String, String> labels, boolean adopt, String conflict) {
    Ownership rules = new Ownership(APP, adopt, "team-a-web"::equals);
    String found = rules.conflict(key, live(labels));
    if (conflict == null) {
      assertThat(found).isNull();
    } else {
      assertThat(found).startsWith("SharedResourceWarning: " + key).contains(conflict);
    }
    assertThat(rules.conflict(key, null)).as("absent: may be created").isNull();
  }

  @ParameterizedTest
  @MethodSource("table")
  void pruneTakesOnlyObjectsWithBothOfThisAppsLabels(
      ResourceKey key, Map<String, String> labels, boolean adopt, String conflict) {
    Map<String, Object> object =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            key.kind(),
            "metadata",
            Map.of("name", key.name(), "labels", labels));
    PruneGuard.Decision d = PruneGuard.decide(APP, java.util.List.of(object), 1, false);
    assertThat(d.prune().isEmpty())
        .isEqualTo(!labels.equals(Map.of("gitops.io/tenant", "team-a", "gitops.io/app", "web")));
  }
}
