package io.gitops.gateway.notify;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.OperationState;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Turns what the event bus says about apps into notifications: a sync that ended ({@link
 * Messages.OperationChanged}: Succeeded, or Failed/Error), an app that turned Degraded and one that
 * stayed OutOfSync longer than a target's limit ({@link Messages.StatusChanged}, checked every
 * {@code checkEvery}). Each matching target of the app's tenant gets one delivery through {@link
 * WebhookSender}. All state lives on the context that {@link #start} runs on; nothing here blocks.
 *
 * <p>Degraded fires on the change into Degraded, not on every status while Degraded; the health
 * each app had before a restart is read from the store at start, so a restart does not repeat it.
 * OutOfSync fires once per target per stretch out of sync; the stretch is timed from the first
 * OutOfSync status this process saw.
 */
public final class Notifier {
  private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
  public static final Duration CHECK_EVERY = Duration.ofSeconds(15);

  /** Deliveries are kept this long, then deleted (checked at start and every 6 hours). */
  public static final Duration KEEP_DELIVERIES = Duration.ofDays(30);

  private final Vertx vertx;
  private final NotificationRecords records;
  private final WebhookSender sender;
  private final Clock clock;
  private final Map<TenantId, Future<List<Target>>> targets = new ConcurrentHashMap<>();
  private final Map<AppId, Seen> last = new ConcurrentHashMap<>();
  private final Map<AppId, Instant> outOfSyncSince = new ConcurrentHashMap<>();
  private final Map<AppId, Set<String>> toldOutOfSync = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long timer = -1;
  private long expireTimer = -1;

  /** What is kept of an app's last status: not its object list, which the reconcile loop holds. */
  private record Seen(
      SyncStatus sync, HealthStatus health, String revision, String message, String healthMessage) {
    static Seen of(AppStatus s) {
      return new Seen(s.sync(), s.health(), s.revision(), s.message(), s.healthMessage());
    }
  }

  public Notifier(Vertx vertx, NotificationRecords records, WebhookSender sender, Clock clock) {
    this.vertx = vertx;
    this.records = records;
    this.sender = sender;
    this.clock = clock;
  }

  /** Listens from now on; {@code known}: every app as stored, to know its health before. */
  public void start(List<App> known, Duration checkEvery) {
    known.forEach(a -> last.put(a.spec().id(), Seen.of(a.status())));
    consumers.add(
        vertx
            .eventBus()
            .<Messages.OperationChanged>localConsumer(
                Addresses.APP_OPERATION, m -> operation(m.body())));
    consumers.add(
        vertx
            .eventBus()
            .<Messages.StatusChanged>localConsumer(Addresses.APP_STATUS, m -> status(m.body())));
    timer = vertx.setPeriodic(checkEvery.toMillis(), id -> checkOutOfSync(clock.instant()));
    expireTimer = vertx.setPeriodic(1, Duration.ofHours(6).toMillis(), id -> expireDeliveries());
  }

  /** The deliveries table stays bounded: rows older than {@link #KEEP_DELIVERIES} go. */
  public Future<Integer> expireDeliveries() {
    return records
        .expireDeliveries(KEEP_DELIVERIES)
        .onFailure(err -> LOG.warning("old notification deliveries not deleted: " + err))
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info(n + " notification deliveries older than 30 days deleted");
              }
            });
  }

  /** A target was written or removed: read the tenant's targets again at the next event. */
  public void targetsChanged(TenantId tenant) {
    targets.remove(tenant);
  }

  public NotificationRecords records() {
    return records;
  }

  void operation(Messages.OperationChanged m) {
    OperationState op = m.operation();
    Trigger trigger =
        switch (op.phase()) {
          case "Succeeded" -> Trigger.SYNC_SUCCEEDED;
          case "Failed", "Error" -> Trigger.SYNC_FAILED;
          default -> null;
        };
    if (trigger == null) {
      return;
    }
    Seen s = last.get(m.app());
    notify(
        new NotificationEvent(
            m.app(),
            trigger,
            s == null ? "" : s.sync().label(),
            s == null ? "" : s.health().label(),
            op.revision(),
            op.message(),
            clock.instant()),
        t -> true);
  }

  void status(Messages.StatusChanged m) {
    Seen now = Seen.of(m.status());
    Seen before = last.put(m.app(), now);
    if (now.health() == HealthStatus.DEGRADED
        && (before == null || before.health() != HealthStatus.DEGRADED)) {
      notify(event(m.app(), now, Trigger.HEALTH_DEGRADED, now.healthMessage()), t -> true);
    }
    if (now.sync() == SyncStatus.OUT_OF_SYNC) {
      outOfSyncSince.putIfAbsent(m.app(), clock.instant());
    } else {
      outOfSyncSince.remove(m.app());
      toldOutOfSync.remove(m.app());
    }
  }

  /**
   * Apps out of sync longer than a target's limit as of {@code now}, told once per stretch: what
   * the periodic check runs (tests call it with a later instant instead of waiting).
   */
  public void checkOutOfSync(Instant now) {
    for (var e : new HashMap<>(outOfSyncSince).entrySet()) {
      AppId app = e.getKey();
      Duration outFor = Duration.between(e.getValue(), now);
      Seen s = last.get(app);
      Set<String> told = toldOutOfSync.computeIfAbsent(app, a -> ConcurrentHashMap.newKeySet());
      notify(
          event(app, s, Trigger.OUT_OF_SYNC, s == null ? "" : s.message()),
          t -> outFor.compareTo(t.outOfSyncAfter()) >= 0 && told.add(t.name()));
    }
  }

  private NotificationEvent event(AppId app, Seen s, Trigger trigger, String message) {
    return new NotificationEvent(
        app,
        trigger,
        s == null ? "" : s.sync().label(),
        s == null ? "" : s.health().label(),
        s == null ? "" : s.revision(),
        message,
        clock.instant());
  }

  private void notify(NotificationEvent event, Predicate<Target> alsoWhen) {
    TenantId tenant = event.app().tenant();
    targets
        .computeIfAbsent(tenant, records::targets)
        .onFailure(err -> targets.remove(tenant))
        .onSuccess(
            all -> {
              for (Target t : all) {
                if (t.triggers().contains(event.trigger()) && alsoWhen.test(t)) {
                  sender
                      .send(tenant, t, event)
                      .onFailure(
                          err ->
                              LOG.warning(
                                  "notification to target "
                                      + t.name()
                                      + " of "
                                      + tenant.value()
                                      + " not recorded: "
                                      + err.getClass().getSimpleName()));
                }
              }
            });
  }

  public void stop() {
    consumers.forEach(MessageConsumer::unregister);
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (expireTimer >= 0) {
      vertx.cancelTimer(expireTimer);
    }
    sender.close();
  }
}
