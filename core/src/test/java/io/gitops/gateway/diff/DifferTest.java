package io.gitops.gateway.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.model.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verdicts for absent objects, the readable diff, Secret redaction and rejected ignore rules. */
class DifferTest {
  private static Map<String, Object> configMap(String namespace, Map<String, Object> data) {
    return Map.of(
        "apiVersion",
        "v1",
        "kind",
        "ConfigMap",
        "metadata",
        Map.of("name", "settings", "namespace", namespace),
        "data",
        data);
  }

  private static Map<String, Object> secret(Map<String, Object> data) {
    return Map.of(
        "apiVersion",
        "v1",
        "kind",
        "Secret",
        "metadata",
        Map.of("name", "db", "namespace", "shop"),
        "data",
        data);
  }

  @Test
  void objectOnlyInGitIsMissingAndObjectOnlyLiveIsExtra() {
    ObjectDiff missing =
        Differ.compare(configMap("shop", Map.of("a", "1")), null, DiffOptions.defaults());
    ObjectDiff extra =
        Differ.compare(null, configMap("shop", Map.of("a", "1")), DiffOptions.defaults());

    assertThat(missing.verdict()).isEqualTo(DiffVerdict.MISSING);
    assertThat(missing.key()).isEqualTo(new ResourceKey("", "ConfigMap", "shop", "settings"));
    assertThat(missing.unifiedDiff()).contains("+kind: ConfigMap");
    assertThat(extra.verdict()).isEqualTo(DiffVerdict.EXTRA);
    assertThat(extra.unifiedDiff()).contains("-kind: ConfigMap");
  }

  @Test
  void unifiedDiffShowsTheChangedLineAgainstLive() {
    ObjectDiff diff =
        Differ.compare(
            configMap("shop", Map.of("mode", "fast")),
            configMap("shop", Map.of("mode", "slow")),
            DiffOptions.defaults());

    assertThat(diff.changedPaths()).containsExactly("/data/mode");
    assertThat(diff.unifiedDiff())
        .startsWith("--- live\n+++ desired\n")
        .contains("-  mode: slow\n", "+  mode: fast\n");
  }

  @Test
  void secretValuesNeverAppearInTheDiff() {
    ObjectDiff diff =
        Differ.compare(
            secret(Map.of("password", "bmV3", "user", "YWRtaW4=")),
            secret(Map.of("password", "b2xk", "user", "YWRtaW4=")),
            DiffOptions.defaults());

    assertThat(diff.changedPaths()).containsExactly("/data/password");
    assertThat(diff.unifiedDiff())
        .doesNotContain("bmV3", "b2xk", "YWRtaW4=")
        .contains(
            "-  password: "
                + DriftText.REDACTED
                + "\n+  password: \""
                + DriftText.REDACTED_CHANGED
                + "\"",
            "   user: " + DriftText.REDACTED);
    assertThat(
            Differ.compare(secret(Map.of("password", "bmV3")), null, DiffOptions.defaults())
                .unifiedDiff())
        .doesNotContain("bmV3");
  }

  @Test
  void invalidIgnoreRulesAreRejectedWithTheExpressionNamed() {
    assertThatThrownBy(() -> IgnoreRule.pointers("apps", "Deployment", "spec/replicas"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'spec/replicas' must start with '/'");
    assertThatThrownBy(
            () -> IgnoreRule.jq("apps", "Deployment", ".spec.containers[] | map(.image)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".spec.containers[] | map(.image)");
    assertThatThrownBy(() -> Differ.compare(null, null, DiffOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both the desired and the live object are null");
  }

  @Test
  void optionsDefaultToTheGatewayFieldManager() {
    assertThat(DiffOptions.defaults().fieldManager()).isEqualTo("gitops-gateway");
    assertThat(new DiffOptions(null, " ").ignoreDifferences()).isEqualTo(List.of());
    assertThat(new DiffOptions(null, " ").fieldManager()).isEqualTo("gitops-gateway");
  }

  @Test
  void anotherFieldManagerNameIsHonoured() {
    Map<String, Object> live =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            Map.of(
                "name",
                "settings",
                "namespace",
                "shop",
                "managedFields",
                List.of(
                    Map.of(
                        "manager",
                        "my-gitops",
                        "operation",
                        "Apply",
                        "fieldsV1",
                        Map.of("f:data", Map.of("f:old", Map.of()))))),
            "data",
            Map.of("old", "1"));
    Map<String, Object> desired = configMap("shop", Map.of());

    assertThat(Differ.compare(desired, live, DiffOptions.defaults()).verdict())
        .isEqualTo(DiffVerdict.IN_SYNC);
    assertThat(
            Differ.compare(desired, live, new DiffOptions(List.of(), "my-gitops")).changedPaths())
        .containsExactly("/data/old");
  }
}
