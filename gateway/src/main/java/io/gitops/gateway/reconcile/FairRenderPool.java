package io.gitops.gateway.reconcile;

import io.gitops.gateway.render.RenderException;
import io.gitops.gateway.render.RenderSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The render pool, shared fairly across tenants: each tenant has its own queue and free slots are
 * handed out round-robin over the tenants that are waiting, so a tenant with a hundred slow renders
 * queued delays another tenant's render by at most one render per slot, not a hundred. At most
 * {@code render.concurrency} renders run at once, and one tenant holds at most all but one of them:
 * a slot is always left for the other tenants, so a flood of renders that each run to their
 * deadline does not make another tenant wait for one of them to end.
 *
 * <p>A render that is still running at its deadline (plus a second for the render's own, more
 * precise, failure) is failed for its caller and its slot is handed on. In-process renders cannot
 * be killed; they stop at their next deadline check, so the worker pool under this one has twice as
 * many threads as there are slots. Safe to call from any thread; nothing here blocks.
 */
public final class FairRenderPool {
  private static final long GRACE_MILLIS = 1_000;

  private record Job<T>(Callable<T> task, Promise<T> promise) {}

  private final Vertx vertx;
  private final WorkerExecutor pool;
  private final RenderSettings settings;
  private final Map<String, ArrayDeque<Job<?>>> queues = new HashMap<>();

  /** Tenants with queued renders, in the order they get the next free slot. */
  private final ArrayDeque<String> turns = new ArrayDeque<>();

  private final Map<String, Integer> runningPerTenant = new HashMap<>();
  private int running;

  public FairRenderPool(Vertx vertx, WorkerExecutor pool, RenderSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
  }

  /**
   * Runs {@code task} on the render pool when it is {@code tenant}'s turn; fails it at the
   * deadline.
   */
  public <T> Future<T> submit(String tenant, Callable<T> task) {
    Promise<T> promise = Promise.promise();
    synchronized (this) {
      ArrayDeque<Job<?>> queue = queues.computeIfAbsent(tenant, t -> new ArrayDeque<>());
      if (queue.isEmpty()) {
        turns.addLast(tenant);
      }
      queue.addLast(new Job<>(task, promise));
    }
    dispatch();
    return promise.future();
  }

  /** Renders waiting for a slot (all tenants). */
  public synchronized int queued() {
    return queues.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  private void dispatch() {
    while (true) {
      Job<?> job;
      String tenant;
      synchronized (this) {
        tenant = running >= settings.concurrency() ? null : nextTenantUnderCap();
        if (tenant == null) {
          return;
        }
        turns.remove(tenant);
        ArrayDeque<Job<?>> queue = queues.get(tenant);
        job = queue.pollFirst();
        if (queue.isEmpty()) {
          queues.remove(tenant);
        } else {
          turns.addLast(tenant); // back of the line: every other waiting tenant goes first
        }
        running++;
        runningPerTenant.merge(tenant, 1, Integer::sum);
      }
      start(tenant, job);
    }
  }

  /** The first tenant in turn that runs fewer than its cap (all slots but one); null when none. */
  private String nextTenantUnderCap() {
    int cap = Math.max(1, settings.concurrency() - 1);
    for (String tenant : turns) {
      if (runningPerTenant.getOrDefault(tenant, 0) < cap) {
        return tenant;
      }
    }
    return null;
  }

  private <T> void start(String tenant, Job<T> job) {
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            synchronized (this) {
              running--;
              runningPerTenant.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
            }
            dispatch();
          }
        };
    long timer =
        vertx.setTimer(
            settings.timeout().toMillis() + GRACE_MILLIS,
            id -> {
              job.promise().tryFail(new RenderException(settings.timeoutMessage("render")));
              release.run();
            });
    pool.executeBlocking(job.task(), false)
        .onComplete(
            result -> {
              vertx.cancelTimer(timer);
              if (result.succeeded()) {
                job.promise().tryComplete(result.result());
              } else {
                job.promise().tryFail(result.cause());
              }
              release.run();
            });
  }
}
