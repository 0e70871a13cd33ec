package io.gitops.gateway.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The sync engine under load, on simulated clusters: N apps (a ConfigMap and a Deployment each)
 * over C clusters, one commit changing all of them, then p50/p99 of commit-to-synced (from the
 * refresh to the app Synced and Healthy at the new revision, polled every 20 ms), and
 * drift-to-healed for one edited object. A load-test main, not a unit test:
 *
 * <pre>
 * mvn -B -o test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-Xmx2g -cp %classpath io.gitops.gateway.bench.SyncLoadTest 1000 20"
 * </pre>
 */
public final class SyncLoadTest {
  private SyncLoadTest() {}

  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int clusterCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path work = Files.createTempDirectory("sync-load");
    List<String> clusters = new ArrayList<>();
    StringBuilder destinations = new StringBuilder();
    for (int c = 0; c < clusterCount; c++) {
      clusters.add("c" + c);
      destinations.append("  - {cluster: c").append(c).append(", namespace: \"bench-*\"}\n");
    }
    String tenant =
        "name: bench\nroles: {bench-admins: admin}\nsourceRepos: [\"*\"]\ndestinations:\n"
            + destinations;
    try (GatewayHarness gw = GatewayHarness.start(work, Map.of("bench", tenant), clusters);
        TestRepo repo = TestRepo.create(work.resolve("repo"))) {
      String token = gw.token("bench", "bench-admins");
      repo.commit("v1", files(apps, "1"));
      long t = System.nanoTime();
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < apps; i++) {
        JsonObject spec =
            SyncFixtures.spec(
                repo.url(), "apps/a" + i, "bench-a" + i, new JsonObject().put("selfHeal", true));
        spec.getJsonObject("destination").put("cluster", "c" + (i % clusterCount));
        puts.add(
            gw.http
                .request(
                    HttpMethod.PUT,
                    gw.gateway.port(),
                    "localhost",
                    "/api/v1/tenants/bench/apps/a" + i)
                .bearerTokenAuthentication(token)
                .sendJsonObject(spec));
      }
      Future.all(puts).await(600, TimeUnit.SECONDS);
      String v1 = waitAllSynced(gw, apps, null);
      System.out.printf(
          "first sync of %d apps on %d clusters: %.1f s%n",
          apps, clusterCount, (System.nanoTime() - t) / 1e9);

      String v2 = repo.commit("v2", files(apps, "2"));
      long t0 = System.nanoTime();
      long cpu0 = processCpuNanos();
      gw.gateway
          .loop()
          .refreshRepository(
              repo.url()); // what a push webhook or the poll does: one fetch, every app queued
      long[] done = latencies(gw, apps, v2, t0);
      report("commit-to-synced", done);
      // CPU the whole process (gateway and simulated clusters) spent until the last app was synced:
      // steadier than wall time on a shared machine, so the figure to compare changes by.
      System.out.printf(
          "commit-to-synced CPU: %.1f s of CPU for %d apps%n",
          (processCpuNanos() - cpu0) / 1e9, apps);

      long[] heal = new long[20];
      var kube = gw.clusters.get("c0").client();
      // Edits are scheduled 5 s apart (so the self-heal backoff streak resets between them); each
      // one waits for the heal of its own edit.
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      List<ScheduledFuture<?>> edits = new ArrayList<>();
      for (int k = 0; k < heal.length; k++) {
        int slot = k;
        edits.add(
            pacer.schedule(
                () -> {
                  long s = System.nanoTime();
                  kube.configMaps()
                      .inNamespace("bench-a0")
                      .withName("settings")
                      .edit(c -> new ConfigMapBuilder(c).addToData("color", "drift").build());
                  await()
                      .atMost(Duration.ofSeconds(30))
                      .pollInterval(Duration.ofMillis(1))
                      .until(
                          () ->
                              "v2"
                                  .equals(
                                      kube.configMaps()
                                          .inNamespace("bench-a0")
                                          .withName("settings")
                                          .get()
                                          .getData()
                                          .get("color")));
                  heal[slot] = System.nanoTime() - s;
                },
                5L * k,
                TimeUnit.SECONDS));
      }
      for (ScheduledFuture<?> edit : edits) {
        edit.get();
      }
      pacer.shutdown();
      report("drift-to-healed (one object, paced 5 s apart)", heal);
      System.out.println("v1=" + v1 + " v2=" + v2);
    }
    System.exit(0);
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static AppId[] ids(int apps) {
    AppId[] ids = new AppId[apps];
    for (int i = 0; i < apps; i++) {
      ids[i] = AppId.of("bench", "a" + i);
    }
    return ids;
  }

  static Map<String, String> files(int apps, String version) {
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < apps; i++) {
      files.put(
          "apps/a" + i + "/settings.yaml", SyncFixtures.configMap("settings", "v" + version, ""));
      files.put(
          "apps/a" + i + "/web.yaml", SyncFixtures.deployment("web", "example/web:" + version, 0));
    }
    return files;
  }

  static boolean synced(App app, String revision) {
    return app.status().sync() == SyncStatus.SYNCED
        && app.status().health() == HealthStatus.HEALTHY
        && (revision == null || revision.equals(app.status().revision()));
  }

  static String waitAllSynced(GatewayHarness gw, int apps, String revision) {
    AppId[] ids = ids(apps);
    String[] rev = new String[1];
    int[] polls = {0};
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              int n = 0;
              for (int i = 0; i < apps; i++) {
                App app = gw.gateway.loop().app(ids[i]).orElse(null);
                if (app != null && synced(app, revision)) {
                  n++;
                  rev[0] = app.status().revision();
                }
              }
              if (++polls[0] % 50 == 0) {
                App sample =
                    gw.gateway.loop().app(AppId.of("bench", "a" + (apps - 1))).orElse(null);
                System.out.println(
                    n
                        + "/"
                        + apps
                        + " synced; last app: "
                        + (sample == null ? "absent" : sample.status()));
              }
              return n == apps;
            });
    return rev[0];
  }

  static long[] latencies(GatewayHarness gw, int apps, String revision, long t0) {
    long[] at = new long[apps];
    int[] left = {apps};
    AppId[] ids = ids(apps); // built once: the polling thread shares the 2 cores with the gateway
    try {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                for (int i = 0; i < apps; i++) {
                  if (at[i] == 0) {
                    App app = gw.gateway.loop().app(ids[i]).orElse(null);
                    if (app != null && synced(app, revision)) {
                      at[i] = System.nanoTime() - t0;
                      left[0]--;
                    }
                  }
                }
                return left[0] == 0;
              });
    } catch (ConditionTimeoutException e) {
      // reported below: the figure covers the apps that did sync
    }
    System.out.println(
        left[0] == 0
            ? "all " + apps + " apps synced"
            : left[0] + " apps NOT synced within 5 minutes");
    return java.util.Arrays.stream(at).filter(x -> x > 0).toArray();
  }

  static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    if (sorted.length == 0) {
      System.out.println(what + ": no samples");
      return;
    }
    System.out.printf(
        "%s: n=%d p50=%.3f s p99=%.3f s max=%.3f s%n",
        what,
        sorted.length,
        sorted[sorted.length / 2] / 1e9,
        sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e9,
        sorted[sorted.length - 1] / 1e9);
  }
}
