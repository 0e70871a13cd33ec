package io.gitops.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Health of custom resources from rules files and the defaults for standard Ready conditions. */
class ConditionRulesTest {
  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ConditionRulesTest.class.getResource("/health/" + name).toURI());
  }

  private static Map<String, Object> object(
      String apiVersion,
      String kind,
      long generation,
      long observed,
      List<Map<String, Object>> conditions) {
    return Map.of(
        "apiVersion",
        apiVersion,
        "kind",
        kind,
        "metadata",
        Map.of("name", "x", "generation", generation),
        "status",
        Map.of("observedGeneration", observed, "conditions", conditions));
  }

  private static Map<String, Object> condition(String type, String status, String reason) {
    return Map.of(
        "type", type, "status", status, "reason", reason, "message", type + " is " + status);
  }

  @Test
  void rulesFromAFileDecideByTheFirstMatchingCondition() throws Exception {
    ConditionRules rules = ConditionRules.load(resource("rules-cert-manager.yaml"));
    String cert = "cert-manager.io/v1";

    assertThat(
            rules.assess(
                object(cert, "Certificate", 1, 1, List.of(condition("Ready", "True", "Ready")))))
        .contains(new HealthResult(HealthStatus.HEALTHY, "Ready is True"));
    assertThat(
            rules
                .assess(
                    object(
                        cert,
                        "Certificate",
                        1,
                        1,
                        List.of(condition("Ready", "False", "DoesNotExist"))))
                .map(HealthResult::status))
        .contains(HealthStatus.PROGRESSING);
    assertThat(
            rules
                .assess(
                    object(
                        cert, "Certificate", 1, 1, List.of(condition("Ready", "False", "Failed"))))
                .map(HealthResult::status))
        .contains(HealthStatus.DEGRADED);
    assertThat(
            rules
                .assess(
                    object(
                        cert,
                        "Certificate",
                        1,
                        1,
                        List.of(
                            condition("Ready", "True", "Ready"),
                            condition("Issuing", "True", "Renewing"))))
                .map(HealthResult::status))
        .as("rules are tried in file order, not condition order")
        .contains(HealthStatus.PROGRESSING);
    assertThat(rules.assess(object(cert, "Certificate", 1, 1, List.of())).map(HealthResult::status))
        .as("otherwise")
        .contains(HealthStatus.PROGRESSING);
    assertThat(
            rules
                .assess(
                    object(cert, "Certificate", 2, 1, List.of(condition("Ready", "True", "Ready"))))
                .map(HealthResult::status))
        .as("stale status")
        .contains(HealthStatus.PROGRESSING);
    assertThat(
            rules
                .assess(
                    object(
                        "example.com/v1",
                        "Widget",
                        2,
                        1,
                        List.of(condition("Available", "True", "Up"))))
                .map(HealthResult::status))
        .as("checkObservedGeneration: false")
        .contains(HealthStatus.HEALTHY);
    assertThat(
            rules.assess(
                object(
                    "example.com/v1", "Gadget", 1, 1, List.of(condition("Ready", "True", "Up")))))
        .isEmpty();
  }

  @Test
  void defaultsReadTheStandardReadyStalledAndReconcilingConditions() {
    ConditionRules rules = ConditionRules.defaults();
    String flux = "kustomize.toolkit.fluxcd.io/v1";

    assertThat(
            status(
                rules,
                object(
                    flux, "Kustomization", 3, 3, List.of(condition("Ready", "True", "Succeeded")))))
        .contains(HealthStatus.HEALTHY);
    assertThat(
            status(
                rules,
                object(
                    flux,
                    "Kustomization",
                    3,
                    3,
                    List.of(condition("Ready", "False", "BuildFailed")))))
        .contains(HealthStatus.DEGRADED);
    assertThat(
            status(
                rules,
                object(
                    flux,
                    "Kustomization",
                    3,
                    3,
                    List.of(condition("Ready", "Unknown", "Progressing")))))
        .contains(HealthStatus.PROGRESSING);
    assertThat(
            status(
                rules,
                object(
                    flux,
                    "Kustomization",
                    3,
                    3,
                    List.of(condition("Ready", "False", "X"), condition("Stalled", "True", "X")))))
        .contains(HealthStatus.DEGRADED);
    assertThat(
            status(
                rules,
                object(
                    flux,
                    "Kustomization",
                    3,
                    3,
                    List.of(
                        condition("Ready", "True", "X"), condition("Reconciling", "True", "X")))))
        .contains(HealthStatus.PROGRESSING);
    assertThat(
            status(
                rules,
                object(
                    flux, "Kustomization", 4, 3, List.of(condition("Ready", "True", "Succeeded")))))
        .contains(HealthStatus.PROGRESSING);
    assertThat(
            status(
                rules,
                object(flux, "Kustomization", 3, 3, List.of(condition("Synced", "True", "X")))))
        .as("no Ready: no verdict")
        .isEmpty();
  }

  @Test
  void builtInFirstThenRules() {
    HealthAssessor chain = new BuiltInHealth().orElse(ConditionRules.defaults());
    Map<String, Object> svc =
        Map.of("apiVersion", "v1", "kind", "Service", "spec", Map.of("type", "ClusterIP"));
    Map<String, Object> custom =
        object("example.com/v1", "Widget", 1, 1, List.of(condition("Ready", "False", "Broken")));

    assertThat(status(chain, svc)).contains(HealthStatus.HEALTHY);
    assertThat(status(chain, custom)).contains(HealthStatus.DEGRADED);
  }

  @Test
  void malformedFilesFailWithTheFileAndEntryNamed() throws Exception {
    Path badHealth = resource("rules-bad-health.yaml");
    assertThatThrownBy(() -> ConditionRules.load(badHealth))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(badHealth.toString())
        .hasMessageContaining(
            "rules[0].conditions[0]: health 'Fine' is not one of Degraded, Missing, Unknown, Progressing, Suspended, Healthy");
    assertThatThrownBy(() -> ConditionRules.load(resource("rules-unknown-key.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rules[0]: unknown key 'condition'");
    assertThatThrownBy(() -> ConditionRules.load(resource("builtin-cases.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a top-level 'rules:' list");
  }

  private static Optional<HealthStatus> status(
      HealthAssessor assessor, Map<String, Object> object) {
    return assessor.assess(object).map(HealthResult::status);
  }
}
