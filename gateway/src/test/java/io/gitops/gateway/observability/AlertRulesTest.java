package io.gitops.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.PrometheusTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * prometheus/gitops-gateway-rules.yaml as the real Prometheus reads it: `promtool check rules`
 * accepts it, `promtool test rules` runs its unit tests (each alert firing and not firing), and
 * each alert carries what an on-call person needs (a `for:`, a severity, a summary, a description
 * and a runbook section that exists in docs/alerts.md). The alerts the issue asks for are all
 * there.
 */
class AlertRulesTest {
  static final Path RULES = PrometheusTools.repoFile("prometheus/gitops-gateway-rules.yaml");
  static final List<String> REQUIRED =
      List.of(
          "GitopsSyncFailing",
          "GitopsAppDegraded",
          "GitopsClusterUnreachable",
          "GitopsCommitToSyncedSlow",
          "GitopsWebhookSignatureFailures",
          "GitopsAuthFailureBurst",
          "GitopsEventLoopBlocked");

  @Test
  void promtoolChecksTheRules() throws Exception {
    var run =
        PrometheusTools.promtool(
            RULES.getParent(), "check", "rules", RULES.getFileName().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void promtoolRunsTheRulesUnitTests() throws Exception {
    var run =
        PrometheusTools.promtool(
            RULES.getParent(), "test", "rules", "gitops-gateway-rules.test.yaml");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertTheIssueNamesIsThereAndUnitTestedFiringAndNotFiring() throws Exception {
    assertThat(alerts())
        .extracting(a -> a.get("alert"))
        .containsExactlyInAnyOrderElementsOf(REQUIRED);
    String tests = Files.readString(RULES.resolveSibling("gitops-gateway-rules.test.yaml"));
    for (String name : REQUIRED) {
      // Firing: an expected alert with labels; not firing: an evaluation expecting none.
      assertThat(tests)
          .as(name)
          .containsPattern("alertname: " + name + "\\s+exp_alerts:\\s+- exp_labels")
          .contains("alertname: " + name + ", exp_alerts: []");
    }
  }

  @Test
  void everyAlertWaitsHasASeverityAndPointsToARunbookSectionThatExists() throws Exception {
    String runbook = Files.readString(PrometheusTools.repoFile("docs/alerts.md"));
    for (Map<String, Object> alert : alerts()) {
      String name = (String) alert.get("alert");
      assertThat(alert.get("for")).as(name + " for:").isNotNull();
      assertThat(labels(alert, "labels")).as(name).containsKey("severity");
      assertThat(List.of("warning", "critical")).contains(labels(alert, "labels").get("severity"));
      Map<String, String> annotations = labels(alert, "annotations");
      assertThat(annotations)
          .as(name)
          .containsKeys("summary", "description")
          .containsEntry("runbook", "docs/alerts.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(runbook)
          .as("docs/alerts.md has a section for " + name)
          .contains("## " + name + "\n");
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alerts() throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(RULES));
    return ((List<Map<String, Object>>) file.get("groups"))
        .stream().flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> labels(Map<String, Object> alert, String key) {
    return (Map<String, String>) alert.get(key);
  }
}
