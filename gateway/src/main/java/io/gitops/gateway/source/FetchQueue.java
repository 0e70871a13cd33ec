package io.gitops.gateway.source;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * At most one fetch per mirror at a time. A request made while one runs does not join it (that
 * fetch may have read the remote before the caller's push): it gets the next fetch, which starts
 * when the running one ends and is shared by every request made meanwhile. A burst of webhooks and
 * refreshes thus costs two fetches, and a refresh after a push always sees the push.
 */
final class FetchQueue<K> {
  private final Map<K, Next> slots = new HashMap<>();

  /** The fetch queued behind the running one, if any; the last requester's task runs it. */
  private static final class Next {
    Promise<Void> promise;
    Supplier<Future<Void>> task;
  }

  Future<Void> run(K key, Supplier<Future<Void>> task) {
    synchronized (this) {
      Next next = slots.get(key);
      if (next != null) {
        if (next.promise == null) {
          next.promise = Promise.promise();
        }
        next.task = task;
        return next.promise.future();
      }
      slots.put(key, new Next());
    }
    return start(key, task);
  }

  private Future<Void> start(K key, Supplier<Future<Void>> task) {
    Future<Void> run;
    try {
      run = task.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    return run.andThen(done -> finished(key));
  }

  private void finished(K key) {
    Next next;
    synchronized (this) {
      next = slots.get(key);
      if (next.promise == null) {
        slots.remove(key);
        return;
      }
      slots.put(key, new Next());
    }
    start(key, next.task).onComplete(next.promise);
  }
}
