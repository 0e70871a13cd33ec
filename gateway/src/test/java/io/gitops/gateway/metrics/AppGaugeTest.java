package io.gitops.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gitops_apps gauge follows status changes told one app at a time, as the reconcile loop tells
 * them.
 */
class AppGaugeTest {
  private final GatewayMetrics metrics = new GatewayMetrics();

  @Test
  void oneAppsChangeMovesOneCountAndEmptyRowsDisappear() {
    App a = app("a", SyncStatus.UNKNOWN, HealthStatus.UNKNOWN);
    App b = app("b", SyncStatus.UNKNOWN, HealthStatus.UNKNOWN);
    metrics.appsNow(List.of(a, b));
    assertThat(scrape()).contains(row("Unknown", "Unknown") + " 2.0");

    App aSynced = app("a", SyncStatus.SYNCED, HealthStatus.HEALTHY);
    metrics.appChanged(a, aSynced);
    assertThat(scrape())
        .contains(row("Unknown", "Unknown") + " 1.0", row("Synced", "Healthy") + " 1.0");

    App bSynced = app("b", SyncStatus.SYNCED, HealthStatus.HEALTHY);
    metrics.appChanged(b, bSynced);
    assertThat(scrape())
        .contains(row("Synced", "Healthy") + " 2.0")
        .doesNotContain(row("Unknown", "Unknown"));

    metrics.appChanged(bSynced, bSynced); // same row: nothing moves
    assertThat(scrape()).contains(row("Synced", "Healthy") + " 2.0");
  }

  private String scrape() {
    return metrics.registry().scrape();
  }

  private static String row(String sync, String health) {
    return "gitops_apps{health_status=\""
        + health
        + "\",sync_status=\""
        + sync
        + "\",tenant=\"shop\"}";
  }

  private static App app(String name, SyncStatus sync, HealthStatus health) {
    AppSpec spec =
        new AppSpec(
            AppId.of("shop", name),
            new AppSpec.Source("file:///repo", "main", ""),
            new AppSpec.Destination(new ClusterId("dev"), "default"),
            null);
    return new App(spec, 1, new AppStatus(sync, health, "", null, "", List.of(), Instant.now()));
  }
}
