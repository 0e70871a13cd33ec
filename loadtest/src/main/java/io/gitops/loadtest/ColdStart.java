package io.gitops.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cold start: every app registered over REST on a gateway that has none, until every app is Synced
 * and Healthy at its repository's head on the live feed. Wall time from the first PUT; the
 * gateway's CPU over the same span divided by the objects it applied.
 */
public final class ColdStart {
  private ColdStart() {}

  /** Returns the number of apps that reached Synced and Healthy. */
  public static int run(Bench b) throws Exception {
    Layout l = b.layout;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < b.o.apps(); i++) {
      keys.add(l.key(i));
    }
    Feed.Watch watch =
        b.feed.watch(keys, (key, s) -> s.syncedHealthy(b.repos.headOfApp(index(key))));
    double gw0 = b.gatewayCpu();
    double farm0 = b.farmCpu();
    double own0 = ProcStats.ownCpuSeconds();
    long t0 = System.nanoTime();
    Progress progress = Progress.every(Duration.ofSeconds(10), watch, b, "Synced+Healthy", t0);
    Api.registerAll(b.apis, l, b.repos, b.operatorToken, 16);
    double registered = Bench.seconds(t0);
    Bench.log(String.format("%,d apps registered in %.1f s", b.o.apps(), registered));
    Map<String, Long> done = watch.await(Duration.ofMinutes(b.o.timeoutMinutes()));
    progress.stop();
    long last = done.values().stream().mapToLong(Long::longValue).max().orElse(t0);
    double wall = (last - t0) / 1e9;
    double gw = b.gatewayCpu() - gw0;
    long objects = (long) done.size() * b.o.objects();
    b.report.add(
        String.format(
            "cold start: %,d apps x %d objects, %d clusters → all Synced+Healthy",
            b.o.apps(), b.o.objects(), b.o.clusters()),
        done.size() == b.o.apps()
            ? String.format("%.1f s", wall)
            : String.format(
                "%,d of %,d apps in %d min", done.size(), b.o.apps(), b.o.timeoutMinutes()),
        "≤ 2 min (10k apps, 200 clusters)",
        String.format(
            "from the first PUT; registering all over REST (16 in flight) took %.1f s",
            registered));
    b.report.add(
        "gateway CPU per applied object (cold start)",
        String.format("%.2f ms", objects == 0 ? Double.NaN : gw * 1000 / objects),
        "≤ 1 ms",
        String.format(
            "%.1f s of gateway CPU (/proc/PID/stat) for %,d objects, registration included; cluster"
                + " farm %.1f s, harness %.1f s",
            gw, objects, b.farmCpu() - farm0, ProcStats.ownCpuSeconds() - own0));
    return done.size();
  }

  static int index(String key) {
    return Integer.parseInt(key.substring(key.indexOf("/a") + 2));
  }
}
