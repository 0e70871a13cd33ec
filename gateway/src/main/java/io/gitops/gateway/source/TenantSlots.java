package io.gitops.gateway.source;

import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * At most {@code perTenant} fetches of one tenant run at once; the rest wait in order. The git pool
 * is shared, so without this a tenant with a few slow (or hostile, byte-dripping) servers would
 * hold every thread and stall every other tenant's fetches until its deadlines pass.
 */
final class TenantSlots {
  private final int perTenant;
  private final Map<TenantId, Slots> byTenant = new HashMap<>();

  private static final class Slots {
    int running;
    final Queue<Runnable> waiting = new ArrayDeque<>();
  }

  TenantSlots(int perTenant) {
    this.perTenant = perTenant;
  }

  /**
   * Runs the task when one of the tenant's slots is free; {@code tenant} null is not limited here.
   */
  <T> Future<T> run(TenantId tenant, Supplier<Future<T>> task) {
    if (tenant == null) {
      return task.get();
    }
    Promise<T> done = Promise.promise();
    Runnable start =
        () -> {
          Future<T> f;
          try {
            f = task.get();
          } catch (RuntimeException e) {
            f = Future.failedFuture(e);
          }
          f.onComplete(
              r -> {
                released(tenant);
                done.handle(r);
              });
        };
    boolean now;
    synchronized (this) {
      Slots slots = byTenant.computeIfAbsent(tenant, t -> new Slots());
      now = slots.running < perTenant;
      if (now) {
        slots.running++;
      } else {
        slots.waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return done.future();
  }

  private void released(TenantId tenant) {
    Runnable next;
    synchronized (this) {
      Slots slots = byTenant.get(tenant);
      next = slots.waiting.poll();
      if (next == null) {
        slots.running--;
        if (slots.running == 0) {
          byTenant.remove(tenant);
        }
      }
    }
    if (next != null) {
      next.run(); // takes over the finished task's slot
    }
  }
}
