package io.gitops.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.ResourceKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The app's health is its worst object's, with the objects that decided it named. */
class AppHealthTest {
  private static final ResourceKey WEB = new ResourceKey("apps", "Deployment", "shop", "web");
  private static final ResourceKey DB = new ResourceKey("apps", "StatefulSet", "shop", "db");
  private static final ResourceKey JOB = new ResourceKey("batch", "CronJob", "shop", "nightly");
  private static final ResourceKey SVC = new ResourceKey("", "Service", "shop", "web");

  @Test
  void worstStatusWinsAndNamesItsObjects() {
    Map<ResourceKey, HealthResult> objects = new LinkedHashMap<>();
    objects.put(SVC, HealthResult.healthy());
    objects.put(JOB, new HealthResult(HealthStatus.SUSPENDED, "CronJob is suspended"));
    objects.put(
        WEB,
        new HealthResult(
            HealthStatus.PROGRESSING,
            "Waiting for rollout to finish: 1 of 3 updated replicas are available..."));
    objects.put(DB, new HealthResult(HealthStatus.PROGRESSING, ""));

    AppHealth app = AppHealth.aggregate(objects);

    assertThat(app.status()).isEqualTo(HealthStatus.PROGRESSING);
    assertThat(app.decidedBy()).containsExactlyInAnyOrder(WEB, DB);
    assertThat(app.message())
        .contains(
            "Deployment.apps/shop/web: Waiting for rollout",
            "StatefulSet.apps/shop/db is Progressing");
  }

  @Test
  void degradedBeatsMissingBeatsProgressingBeatsSuspended() {
    assertThat(
            AppHealth.aggregate(
                    Map.of(
                        WEB,
                        new HealthResult(HealthStatus.DEGRADED, "x"),
                        DB,
                        new HealthResult(HealthStatus.MISSING, "")))
                .status())
        .isEqualTo(HealthStatus.DEGRADED);
    assertThat(
            AppHealth.aggregate(
                    Map.of(
                        WEB,
                        new HealthResult(HealthStatus.PROGRESSING, "x"),
                        DB,
                        new HealthResult(HealthStatus.MISSING, "")))
                .decidedBy())
        .containsExactly(DB);
    assertThat(
            AppHealth.aggregate(
                    Map.of(
                        WEB,
                        new HealthResult(HealthStatus.PROGRESSING, "x"),
                        JOB,
                        new HealthResult(HealthStatus.SUSPENDED, "")))
                .status())
        .isEqualTo(HealthStatus.PROGRESSING);
    assertThat(
            AppHealth.aggregate(
                    Map.of(
                        SVC,
                        HealthResult.healthy(),
                        JOB,
                        new HealthResult(HealthStatus.SUSPENDED, "")))
                .status())
        .isEqualTo(HealthStatus.SUSPENDED);
  }

  @Test
  void allHealthyOrNoObjectsIsHealthy() {
    assertThat(
            AppHealth.aggregate(Map.of(SVC, HealthResult.healthy(), WEB, HealthResult.healthy()))
                .status())
        .isEqualTo(HealthStatus.HEALTHY);
    AppHealth empty = AppHealth.aggregate(Map.of());
    assertThat(empty.status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(empty.decidedBy()).isEmpty();
  }
}
