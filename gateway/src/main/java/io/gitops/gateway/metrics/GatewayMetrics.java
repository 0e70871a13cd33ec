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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The one place that names the gateway's meters. Tags are bounded: tenant, cluster, status, phase;
 * never an app or a resource name (per-app detail is in the API, not in label cardinality).
 */
public final class GatewayMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MultiGauge apps;
  private final Map<String, AtomicInteger> feedClients = new ConcurrentHashMap<>();

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    apps =
        MultiGauge.builder("gitops.apps")
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
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry)
        .record(took);
  }

  /**
   * A request refused for its token; {@code reason} is one of a few fixed words (expired, audience,
   * ...).
   */
  public void authenticationFailed(String reason) {
    io.micrometer.core.instrument.Counter.builder("gitops.auth.failures")
        .description(
            "Requests refused because their bearer token was missing or invalid, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * Counts a finished sync operation by phase (Succeeded, Failed, Error): {@code
   * gitops_sync_total}.
   */
  public void syncCounted(String tenant, String cluster, String phase) {
    Counter.builder("gitops.sync")
        .description("Sync operations by tenant, cluster and phase")
        .tags("tenant", tenant, "cluster", cluster, "phase", phase)
        .register(registry)
        .increment();
  }

  /** A request refused for lack of a role; {@code tenant} is a known tenant's name or "unknown". */
  public void authorisationDenied(String tenant) {
    io.micrometer.core.instrument.Counter.builder("gitops.authz.denials")
        .description("Requests refused because the caller lacks a role in the tenant, by tenant")
        .tag("tenant", tenant)
        .register(registry)
        .increment();
  }

  /**
   * From the moment a new revision is seen to the moment every object of the app is applied and
   * healthy.
   */
  public void commitToSynced(String tenant, String cluster, Duration took) {
    histogram(
        "gitops.commit.to.synced",
        "Time from a new Git revision seen to every object of the app applied and healthy",
        tenant,
        cluster,
        took);
  }

  /** From drift first seen on a synced revision to the app being in sync again. */
  public void driftToHealed(String tenant, String cluster, Duration took) {
    histogram(
        "gitops.drift.to.healed",
        "Time from drift first seen to the app in sync again",
        tenant,
        cluster,
        took);
  }

  private void histogram(
      String name, String description, String tenant, String cluster, Duration took) {
    Timer.builder(name)
        .description(description)
        .tags("tenant", tenant, "cluster", cluster)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /**
   * A self-heal deferred because the app's backoff has not run out: {@code
   * gitops_self_heal_backoffs_total}.
   */
  public void selfHealBackedOff(String tenant, String cluster) {
    Counter.builder("gitops.self.heal.backoffs")
        .description(
            "Self-heals deferred by the per-app backoff (another actor keeps changing the app's objects)")
        .tags("tenant", tenant, "cluster", cluster)
        .register(registry)
        .increment();
  }

  /** One row of the app gauge. */
  private record AppRow(String tenant, String sync, String health) {
    static AppRow of(App app) {
      return new AppRow(
          app.id().tenant().value(), app.status().sync().label(), app.status().health().label());
    }
  }

  /**
   * The app gauge's rows and their current counts; rows are re-registered only when the set of rows
   * changes.
   */
  private Map<AppRow, AtomicInteger> appRows = new HashMap<>();

  /**
   * Sets the app gauge to counts over every app's current status (a full recount: app added,
   * removed, start).
   */
  public void appsNow(Collection<App> all) {
    Map<AppRow, Integer> counts = new HashMap<>();
    for (App app : all) {
      counts.merge(AppRow.of(app), 1, Integer::sum);
    }
    if (!counts.keySet().equals(appRows.keySet())) {
      registerAppRows(counts);
      return;
    }
    counts.forEach((k, n) -> appRows.get(k).set(n));
  }

  /**
   * One app's status changed from {@code before} to {@code after}: the gauge moves one count, in
   * O(1). Called after every reconcile, so a recount over thousands of apps each time would cost
   * the reconcile loop more than the reconcile itself. Call from the same thread as {@link
   * #appsNow}.
   */
  public void appChanged(App before, App after) {
    AppRow from = AppRow.of(before);
    AppRow to = AppRow.of(after);
    if (from.equals(to)) {
      return;
    }
    AtomicInteger left = appRows.get(from);
    AtomicInteger entered = appRows.get(to);
    if (left != null && left.get() > 1 && entered != null) {
      left.decrementAndGet();
      entered.incrementAndGet();
      return;
    }
    // A row appears or disappears: re-register (rare: only when a tenant/status combination is new
    // or gone).
    Map<AppRow, Integer> counts = new HashMap<>();
    appRows.forEach((k, n) -> counts.put(k, n.get()));
    counts.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null);
    counts.merge(to, 1, Integer::sum);
    registerAppRows(counts);
  }

  private void registerAppRows(Map<AppRow, Integer> counts) {
    Map<AppRow, AtomicInteger> fresh = new HashMap<>();
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach(
        (k, n) -> {
          AtomicInteger holder = new AtomicInteger(n);
          fresh.put(k, holder);
          rows.add(
              MultiGauge.Row.of(
                  Tags.of(
                      "tenant", k.tenant(), "sync_status", k.sync(), "health_status", k.health()),
                  holder,
                  AtomicInteger::get));
        });
    appRows = fresh; // held here: the gauges reference their holders weakly
    apps.register(rows, true);
  }

  /** Per-cluster gauges: reachability and how many managed objects its informers hold. */
  public void cluster(String cluster, BooleanSupplier connected, IntSupplier watchedObjects) {
    Gauge.builder("gitops.cluster.connected", () -> connected.getAsBoolean() ? 1 : 0)
        .description("1 while the cluster answers its probes, 0 while it is unreachable")
        .tag("cluster", cluster)
        .register(registry);
    Gauge.builder("gitops.cluster.watched.objects", watchedObjects::getAsInt)
        .description("Managed objects held in the informer caches of the cluster")
        .tag("cluster", cluster)
        .register(registry);
  }

  /** An app that was in sync is found drifted. */
  public void driftDetected(String tenant, String cluster) {
    Counter.builder("gitops.drift.detected")
        .description("Times an app that was in sync was found out of sync with Git")
        .tags("tenant", tenant, "cluster", cluster)
        .register(registry)
        .increment();
  }

  public void compared(Duration took) {
    Timer.builder("gitops.compare.duration")
        .description(
            "Time to compare an app's desired objects with its live objects (diff and health)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(took);
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

  /**
   * One real render (cache hits are not counted), by source type (DIRECTORY, HELM, KUSTOMIZE,
   * Unknown).
   */
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

  /**
   * Connected live-feed clients of one transport (websocket, sse, graphql-ws); count up and down.
   */
  public AtomicInteger feedClients(String transport) {
    return feedClients.computeIfAbsent(
        transport,
        t -> {
          AtomicInteger n = new AtomicInteger();
          Gauge.builder("gitops.feed.clients", n, AtomicInteger::get)
              .description("Connected live status feed clients by transport")
              .tags("transport", t)
              .register(registry);
          return n;
        });
  }

  /**
   * Feed messages by transport and outcome: sent, or dropped (coalesced or cut off with a slow
   * client).
   */
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

  /**
   * One event loop's meters; {@code loop} is the loop's index, so the tag is bounded by the
   * event-loop count.
   */
  public record EventLoopMeters(Timer delay, Counter blocked) {
    /**
     * A probe ran {@code lateNanos} late; a probe late by {@code blockedAt} or more means the loop
     * was blocked.
     */
    public void late(long lateNanos, Duration blockedAt) {
      delay.record(Math.max(0, lateNanos), java.util.concurrent.TimeUnit.NANOSECONDS);
      if (lateNanos >= blockedAt.toNanos()) {
        blocked.increment();
      }
    }
  }

  /**
   * Registers both meters of one event loop at once, so the blocked counter is exported (at 0)
   * before any block.
   */
  public EventLoopMeters eventLoop(String loop) {
    return new EventLoopMeters(
        Timer.builder("gitops.event.loop.delay")
            .description(
                "How late a probe task ran on an event loop: the time the loop was busy with other work")
            .tag("loop", loop)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry),
        Counter.builder("gitops.event.loop.blocked")
            .description(
                "Probe tasks that ran a second or more late on an event loop: the loop was blocked")
            .tag("loop", loop)
            .register(registry));
  }

  public String scrape() {
    return registry.scrape();
  }
}
