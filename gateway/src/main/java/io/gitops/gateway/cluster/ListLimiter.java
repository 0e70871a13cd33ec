package io.gitops.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * Caps how many initial LISTs run at once across all clusters, so 200 clusters starting together
 * queue up instead of storming their API servers (and our heap) at the same second. Non-blocking: a
 * caller waits in a queue of futures, never on a thread.
 */
public final class ListLimiter {
  private final int permits;
  private int inUse;
  private final Queue<Runnable> waiting = new ArrayDeque<>();

  public ListLimiter(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1");
    }
    this.permits = permits;
  }

  public <T> Future<T> run(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    Runnable start =
        () -> {
          Future<T> f;
          try {
            f = work.get();
          } catch (RuntimeException e) {
            f = Future.failedFuture(e);
          }
          f.onComplete(
              r -> {
                release();
                result.handle(r);
              });
        };
    boolean now;
    synchronized (this) {
      now = inUse < permits;
      if (now) {
        inUse++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result.future();
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inUse--;
      }
    }
    if (next != null) {
      next.run(); // the permit passes straight to the next waiter
    }
  }

  public synchronized int inUse() {
    return inUse;
  }
}
