package io.gitops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test at a small scale, so that the harness cannot rot: the gateway's jar as a child
 * process, 200 apps over 10 simulated clusters in the farm process, every scenario once with few
 * samples. It checks that every app reached Synced and Healthy and that each scenario measured
 * something; never how fast (speed is the full run's business, loadtest/README.md).
 */
class LoadTestSmokeTest {
  @Test
  void everyAppReachesSyncedAndEveryScenarioMeasures(@TempDir Path work) throws Exception {
    Options o =
        Options.parse(
            new String[] {
              "--apps", "200",
              "--clusters", "10",
              "--tenants", "2",
              "--repos", "2",
              "--touched", "50",
              "--webhook-tries", "3",
              "--drift-objects", "10",
              "--ws-clients", "20",
              "--ws-rate", "20",
              "--ws-seconds", "2",
              "--page-requests", "5",
              "--gateway-heap", "1g",
              "--farm-heap", "512m",
              "--timeout-minutes", "2",
              "--work", work.toString(),
              "--gateway-jar",
                  System.getProperty("gitops.gateway.jar", "../gateway/target/gitops-gateway.jar")
            });

    // Throws when any app never reached Synced+Healthy (cold start) or a child process failed.
    String table = LoadTest.run("all", o).table();

    assertThat(table)
        .contains("cold start: 200 apps x 3 objects, 10 clusters → all Synced+Healthy")
        .contains("commit touching 50 apps → all Synced")
        .contains("webhook → that app Synced")
        .contains("drift on the cluster → healed")
        .contains("gateway heap per managed app")
        .contains("REST page of 100 apps")
        .contains("GraphQL page of 100 apps")
        .contains("WebSocket clients")
        .doesNotContain("NOT synced")
        .doesNotContain("no samples")
        .doesNotContain("timed out")
        .doesNotContain("not healed");
  }
}
