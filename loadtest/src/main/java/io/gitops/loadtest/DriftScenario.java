package io.gitops.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drift made on the cluster: a ConfigMap's value changed by a JSON merge patch straight to its API
 * server, for N different apps (each edited once, so no self-heal backoff streak), a few at a time;
 * from the patch to the cluster showing the desired value again, seen by a watch of the harness.
 */
public final class DriftScenario {
  static final int IN_FLIGHT = 4;

  private DriftScenario() {}

  /**
   * Returns the feed's change messages per edit (status and operation changes), for FanoutScenario.
   */
  public static double run(Bench b) throws Exception {
    Layout l = b.layout;
    int[] chosen = l.spread(b.o.driftObjects());
    long[] took = new long[chosen.length];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger healed = new AtomicInteger();
    AtomicInteger missed = new AtomicInteger();
    long changes0 = b.feed.changes();
    double gw0 = b.gatewayCpu();
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < IN_FLIGHT; w++) {
      workers.add(
          pool.submit(
              () -> {
                for (int k = next.getAndIncrement();
                    k < chosen.length;
                    k = next.getAndIncrement()) {
                  int i = chosen[k];
                  long t0 = System.nanoTime();
                  try {
                    long at =
                        b.kube
                            .drift(
                                l.cluster(i),
                                l.namespace(i),
                                l.name(i) + "-config",
                                Manifests.versionValue(b.repos.version(i)),
                                "drift-" + k)
                            .get(30, TimeUnit.SECONDS);
                    took[healed.getAndIncrement()] = at - t0;
                  } catch (TimeoutException e) {
                    missed.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    Stats stats = Stats.of(java.util.Arrays.copyOf(took, healed.get()));
    double perEdit = (b.feed.changes() - changes0) / (double) Math.max(1, chosen.length);
    b.report.add(
        "drift on the cluster → healed",
        stats.text() + (missed.get() > 0 ? "; " + missed.get() + " not healed in 30 s" : ""),
        "p99 ≤ 500 ms",
        String.format(
            "%,d ConfigMaps of different apps, %d edits in flight; gateway CPU %.1f s; %.1f feed"
                + " changes per edit",
            chosen.length, IN_FLIGHT, b.gatewayCpu() - gw0, perEdit));
    return perEdit;
  }
}
