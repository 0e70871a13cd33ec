package io.gitops.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller's queue: one run per key at a time, bursts collapse, nothing requested is lost.
 */
class WorkQueueTest {
  final List<String> started = new ArrayList<>();
  final Map<String, Promise<Integer>> runs = new HashMap<>();
  int counter;

  WorkQueue<String, Integer> queue(int max) {
    return new WorkQueue<>(
        max,
        key -> {
          started.add(key);
          Promise<Integer> p = Promise.promise();
          runs.put(key, p);
          return p.future();
        });
  }

  void finish(String key) {
    runs.remove(key).complete(++counter);
  }

  @Test
  void aBurstForOneKeyWhileItWaitsIsOneRun() {
    WorkQueue<String, Integer> q = queue(1);
    q.add("busy");
    Future<Integer> a = q.add("app");
    Future<Integer> b = q.add("app");
    Future<Integer> c = q.add("app");
    finish("busy");
    finish("app");
    assertThat(started).containsExactly("busy", "app");
    assertThat(List.of(a.result(), b.result(), c.result())).containsOnly(2);
  }

  @Test
  void aRequestDuringARunGetsOneMoreRunNotAParallelOne() {
    WorkQueue<String, Integer> q = queue(4);
    Future<Integer> first = q.add("app");
    Future<Integer> during1 = q.add("app");
    Future<Integer> during2 = q.add("app");
    assertThat(started).containsExactly("app");
    finish("app");
    assertThat(first.result()).isEqualTo(1);
    assertThat(during1.isComplete())
        .as("answered by a run that started after the request")
        .isFalse();
    assertThat(started).containsExactly("app", "app");
    finish("app");
    assertThat(during1.result()).isEqualTo(2);
    assertThat(during2.result()).isEqualTo(2);
  }

  @Test
  void concurrencyIsCapped() {
    WorkQueue<String, Integer> q = queue(2);
    q.add("a");
    q.add("b");
    q.add("c");
    assertThat(started).containsExactly("a", "b");
    assertThat(q.pending()).isEqualTo(3);
    finish("a");
    assertThat(started).containsExactly("a", "b", "c");
  }

  @Test
  void aFailedRunFailsItsWaitersAndTheQueueGoesOn() {
    WorkQueue<String, Integer> q = queue(1);
    Future<Integer> bad = q.add("bad");
    Future<Integer> next = q.add("next");
    runs.remove("bad").fail("boom");
    assertThat(bad.failed()).isTrue();
    assertThat(started).containsExactly("bad", "next");
    finish("next");
    assertThat(next.succeeded()).isTrue();
  }
}
