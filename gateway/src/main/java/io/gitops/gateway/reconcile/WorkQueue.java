package io.gitops.gateway.reconcile;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A de-duplicating work queue: one run per key at a time, and any number of requests for a key
 * while it waits or runs collapse into one more run. Not thread-safe by design: it lives on one
 * Vert.x context, like Kubernetes controllers' queues live on one goroutine set.
 */
final class WorkQueue<K, R> {
  private final int maxConcurrent;
  private final Function<K, Future<R>> worker;
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  private final Set<K> queued = new HashSet<>();
  private final Set<K> running = new HashSet<>();
  private final Set<K> again = new HashSet<>();
  private final Map<K, List<Promise<R>>> waiting = new HashMap<>();

  WorkQueue(int maxConcurrent, Function<K, Future<R>> worker) {
    this.maxConcurrent = maxConcurrent;
    this.worker = worker;
  }

  /**
   * Asks for a run of {@code key}; completes with the result of a run that starts after this call.
   */
  Future<R> add(K key) {
    Promise<R> promise = Promise.promise();
    waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(promise);
    if (running.contains(key)) {
      again.add(key);
    } else if (queued.add(key)) {
      queue.add(key);
    }
    drain();
    return promise.future();
  }

  int pending() {
    return queue.size() + running.size();
  }

  private void drain() {
    while (running.size() < maxConcurrent && !queue.isEmpty()) {
      K key = queue.poll();
      queued.remove(key);
      running.add(key);
      List<Promise<R>> waiters = waiting.remove(key);
      Future<R> run;
      try {
        run = worker.apply(key);
      } catch (RuntimeException e) {
        run = Future.failedFuture(e);
      }
      run.onComplete(
          result -> {
            running.remove(key);
            if (waiters != null) {
              waiters.forEach(p -> p.handle(result));
            }
            if (again.remove(key) && queued.add(key)) {
              queue.add(key);
            }
            drain();
          });
    }
  }
}
