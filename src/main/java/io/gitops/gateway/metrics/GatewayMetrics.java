package io.gitops.gateway.metrics;

import io.gitops.gateway.model.App;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place that names the gateway's meters. Tags are bounded: tenant, cluster, status, phase;
 * never an app or a resource name (per-app detail is in the API, not in label cardinality).
 */
public final class GatewayMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MultiGauge apps;
  private final Map<String, AtomicInteger> feedClients = new ConcurrentHashMap<>();

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

  /** Connected live-feed clients of one transport (websocket, sse, graphql-ws); count up and down. */
  public AtomicInteger feedClients(String transport) {
    return feedClients.computeIfAbsent(transport, t -> {
      AtomicInteger n = new AtomicInteger();
      Gauge.builder("gitops.feed.clients", n, AtomicInteger::get)
          .description("Connected live status feed clients by transport")
          .tags("transport", t)
          .register(registry);
      return n;
    });
  }

  /** Feed messages by transport and outcome: sent, or dropped (coalesced or cut off with a slow client). */
  public Counter feedMessages(String transport, String outcome) {
    return Counter.builder("gitops.feed.messages")
        .description("Live status feed messages sent and dropped, by transport")
        .tags("transport", transport, "outcome", outcome)
        .register(registry);
  }

  public void graphqlRequest(String operationType, Duration took) {
    Timer.builder("gitops.graphql.request.duration")
        .description("GraphQL request duration by operation type")
        .tags("operation", operationType)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  public String scrape() {
    return registry.scrape();
  }
}
