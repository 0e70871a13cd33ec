package io.gitops.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.render.RenderException;
import io.gitops.gateway.render.RenderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Renders share the pool round-robin across tenants, and a render past its deadline frees its slot.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FairRenderPoolTest {
  private Vertx vertx;
  private WorkerExecutor workers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("fair-render-test", 4);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aTenantsFloodDelaysAnotherTenantByAtMostOneRenderPerSlot() throws Exception {
    FairRenderPool pool =
        new FairRenderPool(vertx, workers, new RenderSettings(Duration.ofSeconds(60), 512, 1, 1));
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch submitted = new CountDownLatch(1);
    List<Future<String>> all = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      String name = "flood-" + i;
      all.add(
          pool.submit(
              "flood",
              () -> {
                started.add(name);
                submitted.await(); // the first holds the slot until every render is queued
                return name;
              }));
    }
    all.add(
        pool.submit(
            "quiet",
            () -> {
              started.add("quiet-1");
              return "quiet-1";
            }));
    submitted.countDown();
    Future.all(all).await(30, TimeUnit.SECONDS);
    // First come first served would start it 21st; round-robin starts it by the third.
    assertThat(started.indexOf("quiet-1")).isLessThanOrEqualTo(2);
    assertThat(started).hasSize(21);
  }

  @Test
  void aTenantHoldsAllSlotsButOneSoAnotherTenantStartsAtOnce() throws Exception {
    FairRenderPool pool =
        new FairRenderPool(vertx, workers, new RenderSettings(Duration.ofSeconds(60), 512, 2, 2));
    CountDownLatch slow = new CountDownLatch(1);
    List<Future<String>> flood = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      flood.add(
          pool.submit(
              "flood",
              () -> {
                slow.await();
                return "flood";
              }));
    }
    try {
      // The flood's first render holds one slot; the other is left for anyone else.
      assertThat(pool.submit("quiet", () -> "rendered").await(30, TimeUnit.SECONDS))
          .isEqualTo("rendered");
      assertThat(pool.queued()).isEqualTo(4);
    } finally {
      slow.countDown();
    }
    Future.all(flood).await(30, TimeUnit.SECONDS);
  }

  @Test
  void aRenderPastItsDeadlineFailsNamingTheLimitAndItsSlotGoesToTheNextTenant() throws Exception {
    FairRenderPool pool =
        new FairRenderPool(vertx, workers, new RenderSettings(Duration.ofSeconds(1), 512, 1, 1));
    CountDownLatch stuck = new CountDownLatch(1);
    Future<String> slow =
        pool.submit(
            "hostile",
            () -> {
              stuck.await(); // an in-process render that never checks its deadline
              return "late";
            });
    Future<String> other = pool.submit("other", () -> "rendered");
    try {
      assertThat(other.await(30, TimeUnit.SECONDS)).isEqualTo("rendered");
      assertThat(slow.failed()).isTrue();
      assertThat(slow.cause())
          .isInstanceOf(RenderException.class)
          .hasMessage("render exceeded 1 s (render.timeout-seconds)");
    } finally {
      stuck.countDown();
    }
    assertThat(pool.queued()).isZero();
  }
}
