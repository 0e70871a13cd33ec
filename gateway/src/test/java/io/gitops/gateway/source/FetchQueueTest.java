package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A refresh after a push must see the push, even when a poll's fetch was already running. */
class FetchQueueTest {
  final FetchQueue<String> queue = new FetchQueue<>();
  final List<Promise<Void>> started = new ArrayList<>();

  Future<Void> request(String repo) {
    return queue.run(
        repo,
        () -> {
          Promise<Void> fetch = Promise.promise();
          started.add(fetch);
          return fetch.future();
        });
  }

  @Test
  void aRequestDuringAFetchGetsTheNextFetchNotTheRunningOne() {
    Future<Void> poll = request("repo");
    Future<Void> refresh = request("repo");
    assertThat(started).hasSize(1);

    started.get(0).complete();
    assertThat(poll.succeeded()).isTrue();
    assertThat(refresh.isComplete()).as("the running fetch may predate the push").isFalse();
    assertThat(started).as("the next fetch starts when the running one ends").hasSize(2);

    started.get(1).complete();
    assertThat(refresh.succeeded()).isTrue();
  }

  @Test
  void aBurstOfRequestsDuringOneFetchSharesOneFollowUp() {
    request("repo");
    List<Future<Void>> burst = List.of(request("repo"), request("repo"), request("repo"));
    started.get(0).complete();
    started.get(1).fail("remote hung up");
    assertThat(started).hasSize(2);
    assertThat(burst).allSatisfy(f -> assertThat(f.cause()).hasMessage("remote hung up"));
  }

  @Test
  void differentRepositoriesFetchInParallelAndAnIdleOneStartsAtOnce() {
    request("a");
    request("b");
    assertThat(started).hasSize(2);
    started.forEach(Promise::complete);
    Future<Void> again = request("a");
    assertThat(started).as("nothing running: no waiting").hasSize(3);
    started.get(2).complete();
    assertThat(again.succeeded()).isTrue();
  }

  @Test
  void aTaskThatThrowsFailsItsRequestAndFreesTheRepository() {
    Future<Void> broken =
        queue.run(
            "repo",
            () -> {
              throw new IllegalStateException("no mirror folder");
            });
    assertThat(broken.cause()).hasMessage("no mirror folder");
    request("repo");
    assertThat(started).hasSize(1);
  }
}
