package io.gitops.gateway.metrics;

import io.gitops.gateway.model.App;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that names the gateway's meters. Tags are bounded: tenant, cluster, status, phase;
 * never an app or a resource name (per-app detail is in the API, not in label cardinality).
 */
public final class GatewayMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MultiGauge apps;

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    apps = MultiGauge.builder("gitops.apps")
        .description("Applications by tenant, sync status and health status")
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void syncFinished(String tenant, String cluster, String phase, Duration took) {
    Timer.builder("gitops.sync.duration")
        .description("Time from the start of a sync operation to its end")
        .tags("tenant", tenant, "cluster", cluster, "phase", phase)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** Counts a finished sync operation by phase (Succeeded, Failed, Error): {@code gitops_sync_total}. */
  public void syncCounted(String tenant, String cluster, String phase) {
    Counter.builder("gitops.sync")
        .description("Sync operations by tenant, cluster and phase")
        .tags("tenant", tenant, "cluster", cluster, "phase", phase)
        .register(registry)
        .increment();
  }

  /** From the moment a new revision is seen to the moment every object of the app is applied and healthy. */
  public void commitToSynced(String tenant, String cluster, Duration took) {
    histogram("gitops.commit.to.synced", "Time from a new Git revision seen to every object of the app applied and healthy",
        tenant, cluster, took);
  }

  /** From drift first seen on a synced revision to the app being in sync again. */
  public void driftToHealed(String tenant, String cluster, Duration took) {
    histogram("gitops.drift.to.healed", "Time from drift first seen to the app in sync again", tenant, cluster, took);
  }

  private void histogram(String name, String description, String tenant, String cluster, Duration took) {
    Timer.builder(name).description(description).tags("tenant", tenant, "cluster", cluster)
        .publishPercentileHistogram().register(registry).record(took);
  }

  /** A self-heal deferred because the app's backoff has not run out: {@code gitops_self_heal_backoffs_total}. */
  public void selfHealBackedOff(String tenant, String cluster) {
    Counter.builder("gitops.self.heal.backoffs")
        .description("Self-heals deferred by the per-app backoff (another actor keeps changing the app's objects)")
        .tags("tenant", tenant, "cluster", cluster)
        .register(registry)
        .increment();
  }

  /** Replaces the app gauge with counts over every app's current status. */
  public void appsNow(Collection<App> all) {
    Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
    for (App app : all) {
      counts.merge(List.of(app.id().tenant().value(), app.status().sync().label(), app.status().health().label()), 1, Integer::sum);
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach((k, n) -> rows.add(MultiGauge.Row.of(Tags.of("tenant", k.get(0), "sync_status", k.get(1), "health_status", k.get(2)), n)));
    apps.register(rows, true);
  }

  public String scrape() {
    return registry.scrape();
  }
}
