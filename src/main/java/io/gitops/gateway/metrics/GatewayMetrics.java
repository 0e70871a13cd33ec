package io.gitops.gateway.metrics;

import io.gitops.gateway.model.App;
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

  /** One fetch of a Git repository; {@code result} is success or failure. */
  public void gitFetched(String result, Duration took) {
    Timer.builder("gitops.git.fetch.duration")
        .description("Time to fetch (or first clone) one Git repository")
        .tags("result", result)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** One real render (cache hits are not counted), by source type (DIRECTORY, HELM, KUSTOMIZE, Unknown). */
  public void rendered(String sourceType, Duration took) {
    Timer.builder("gitops.render.duration")
        .description("Time to render one app's manifests from Git")
        .tags("source_type", sourceType)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** One webhook delivery; {@code result}: accepted, ignored, unauthorized, bad_request. */
  public void webhookDelivered(String provider, String result) {
    io.micrometer.core.instrument.Counter.builder("gitops.webhook.deliveries")
        .description("Git webhook deliveries by provider and result")
        .tags("provider", provider, "result", result)
        .register(registry)
        .increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
