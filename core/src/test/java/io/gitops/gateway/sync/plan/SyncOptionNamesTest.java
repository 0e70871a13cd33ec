package io.gitops.gateway.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.diff.IgnoreRule;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.WriteMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Argo CD's sync option names and values, the gateway's own beside them, and what each means. */
class SyncOptionNamesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CreateNamespace=true                 | ",
        "Replace=true                         | ",
        "Validate=false                       | ",
        "PruneLast=true                       | ",
        "PrunePropagationPolicy=foreground    | ",
        "PrunePropagationPolicy=background    | ",
        "PrunePropagationPolicy=orphan        | ",
        "ApplyOutOfSyncOnly=true              | ",
        "RespectIgnoreDifferences=true        | ",
        "ServerSideApply=true                 | ",
        "ServerSideApply=false                | ",
        "FailOnSharedResource=true            | ",
        "SkipDryRunOnMissingResource=true     | ",
        "FieldConflicts=Override              | ",
        "AllowEmpty=true                      | ",
        "WaveTimeout=300s                     | ",
        "AdoptUnlabelled=true                 | ",
        "CreateNamespce=true                  | unknown sync option \"CreateNamespce=true\"",
        "PrunePropagationPolicy=sideways      | PrunePropagationPolicy takes background or foreground or orphan",
        "Replace=yes                          | Replace takes false or true",
        "WaveTimeout=soon                     | WaveTimeout takes seconds",
        "Prune=false                          | unknown sync option \"Prune=false\"",
        "Validate                             | must be Key=Value",
      })
  void anAppsOptionIsKnownOrRefusedNamingIt(String option, String problem) {
    Optional<String> found = SyncOptionNames.appProblem(List.of(option));
    if (problem == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).hasValueSatisfying(p -> assertThat(p).contains(problem));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Prune=false                                  | ",
        "'Prune=false,Delete=false'                   | ",
        "'Replace=true, Force=true'                   | ",
        "Validate=false                               | ",
        "ServerSideApply=true                         | ",
        "SkipDryRunOnMissingResource=true             | ",
        "PruneLast=true                               | ",
        "Prune=confirm                                | ",
        "'Prune=false,Frobnicate=true'                | unknown argocd.argoproj.io/sync-options option \"Frobnicate=true\"",
        "CreateNamespace=true                         | unknown argocd.argoproj.io/sync-options option \"CreateNamespace=true\"",
        "Delete=never                                 | Delete takes confirm or false or true",
      })
  void anObjectsAnnotationIsKnownOrRefusedNamingIt(String annotation, String problem) {
    Optional<String> found = SyncOptionNames.objectProblem(annotated(annotation));
    if (problem == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).hasValueSatisfying(p -> assertThat(p).contains(problem));
    }
  }

  @Test
  void optionsReadIntoWhatTheSyncDoes() {
    SyncOptions defaults = SyncOptions.of(policy());
    assertThat(defaults.propagation()).as("Argo CD's default").isEqualTo(Propagation.FOREGROUND);
    assertThat(defaults.writes()).isEqualTo(WriteMode.DEFAULT);
    assertThat(defaults.createNamespace()).isFalse();

    SyncOptions set =
        SyncOptions.of(
            policy(
                "CreateNamespace=true",
                "Replace=true",
                "Validate=false",
                "ServerSideApply=false",
                "PrunePropagationPolicy=orphan"));
    assertThat(set.createNamespace()).isTrue();
    assertThat(set.propagation()).isEqualTo(Propagation.ORPHAN);
    assertThat(set.writes()).isEqualTo(new WriteMode(false, true, false, false));
  }

  @Test
  void anObjectsAnnotationChangesHowThatObjectIsWritten() {
    SyncOptions app = SyncOptions.of(policy());
    assertThat(app.writesFor(annotated("Replace=true,Force=true")))
        .isEqualTo(new WriteMode(true, true, true, true));
    assertThat(app.writesFor(annotated("Validate=false")).validate()).isFalse();
    assertThat(app.writesFor(annotated("ServerSideApply=false")).serverSideApply()).isFalse();
    assertThat(SyncOptions.of(policy("Replace=true")).writesFor(annotated("Replace=false")))
        .as("the object's own word wins over the app's")
        .isEqualTo(WriteMode.DEFAULT);
    assertThat(ObjectSyncOptions.keepOnAppDeletion(annotated("Delete=false"))).isTrue();
    assertThat(ObjectSyncOptions.keepOnAppDeletion(annotated("Prune=false"))).isFalse();
  }

  @Test
  void respectIgnoreDifferencesKeepsTheLiveValuesOfIgnoredFields() {
    Map<String, Object> desired = deployment(Map.of("replicas", 1, "paused", false));
    Map<String, Object> live = deployment(Map.of("replicas", 7));
    List<IgnoreRule> rules =
        List.of(IgnoreRule.pointers("apps", "Deployment", "/spec/replicas", "/spec/paused"));

    Map<String, Object> applied = RespectIgnored.merge(desired, live, rules);

    assertThat((Map<?, ?>) applied.get("spec"))
        .as("replicas from live; paused left out, as live has none")
        .isEqualTo(Map.of("replicas", 7));
    assertThat(((Map<?, ?>) desired.get("spec")).get("replicas")).as("not changed").isEqualTo(1);
    assertThat(
            RespectIgnored.merge(
                desired, live, List.of(IgnoreRule.pointers("", "ConfigMap", "/spec/replicas"))))
        .as("a rule for another kind")
        .isEqualTo(desired);
  }

  @Test
  void respectingNeedsTheOption() {
    List<AppSpec.IgnoreDifference> ignored =
        List.of(
            new AppSpec.IgnoreDifference(
                "apps", "Deployment", null, null, List.of("/spec/replicas"), List.of(), List.of()));
    assertThat(SyncOptions.of(policy()).respecting(ignored).respected()).isEmpty();
    assertThat(
            SyncOptions.of(policy("RespectIgnoreDifferences=true")).respecting(ignored).respected())
        .hasSize(1);
  }

  private static AppSpec.SyncPolicy policy(String... options) {
    return new AppSpec.SyncPolicy(true, true, false, false, List.of(options));
  }

  private static Map<String, Object> annotated(String options) {
    Map<String, Object> md = new LinkedHashMap<>();
    md.put("name", "x");
    md.put("annotations", Map.of(ObjectSyncOptions.ANNOTATION, options));
    return Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", md);
  }

  private static Map<String, Object> deployment(Map<String, Object> spec) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", "apps/v1");
    o.put("kind", "Deployment");
    o.put("metadata", Map.of("name", "web", "namespace", "shop"));
    o.put("spec", new LinkedHashMap<>(spec));
    return o;
  }
}
