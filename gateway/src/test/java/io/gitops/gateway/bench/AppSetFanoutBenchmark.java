package io.gitops.gateway.bench;

import static org.awaitility.Awaitility.await;

import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One app set over C simulated clusters (a clusters generator selecting env=prod): time from the
 * set's PUT to all C generated apps Synced and Healthy, then from a commit (and the refresh a push
 * webhook makes) to all C Synced at that commit. A load-test main, not a unit test:
 *
 * <pre>
 * mvn -B -o -pl core,simulator,gateway test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-Xmx2g -cp %classpath io.gitops.gateway.bench.AppSetFanoutBenchmark 200"
 * </pre>
 */
public final class AppSetFanoutBenchmark {
  private AppSetFanoutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clusterCount = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path work = Files.createTempDirectory("appset-fanout");
    List<String> clusters = new ArrayList<>();
    for (int c = 0; c < clusterCount; c++) {
      clusters.add("c" + c);
    }
    String tenant =
        "name: bench\nroles: {bench-admins: admin}\nsourceRepos: [\"*\"]\n"
            + "destinations: [{cluster: \"*\", namespace: \"bench-*\"}]\n";
    long started = System.nanoTime();
    try (GatewayHarness gw = GatewayHarness.start(work, Map.of("bench", tenant), clusters);
        TestRepo repo = TestRepo.create(work.resolve("repo"))) {
      System.out.printf(
          "gateway with %d simulated clusters up in %.1f s%n",
          clusterCount, (System.nanoTime() - started) / 1e9);
      String operator = gw.token("olga", "gitops-operators");
      for (String c : clusters) {
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/" + c + "/labels",
            operator,
            new JsonObject().put("labels", new JsonObject().put("env", "prod")));
      }
      String v1 = repo.commit("v1", files("1"));
      JsonObject template =
          new JsonObject()
              .put("name", "web-{{cluster}}")
              .put(
                  "source",
                  new JsonObject()
                      .put("repoURL", repo.url())
                      .put("path", "apps/web")
                      .put("targetRevision", "main"))
              .put(
                  "destination",
                  new JsonObject().put("cluster", "{{cluster}}").put("namespace", "bench-web"))
              .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
      JsonObject set =
          new JsonObject()
              .put("template", template)
              .put(
                  "generators",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put(
                                  "clusters",
                                  new JsonObject()
                                      .put(
                                          "selector",
                                          new JsonObject()
                                              .put(
                                                  "matchLabels",
                                                  new JsonObject().put("env", "prod"))))));
      long t = System.nanoTime();
      var put =
          gw.call(
              HttpMethod.PUT,
              "/api/v1/tenants/bench/appsets/web",
              gw.token("bench", "bench-admins"),
              set);
      System.out.printf(
          "PUT app set: %d in %.1f s (one generation, %d apps written)%n",
          put.statusCode(), (System.nanoTime() - t) / 1e9, clusterCount);
      SyncLoadTest.report("set PUT to app Synced", latencies(gw, clusters, v1, t));

      String v2 = repo.commit("v2", files("2"));
      long t0 = System.nanoTime();
      gw.gateway.loop().refreshRepository(repo.url()); // what a push webhook does
      long[] done = latencies(gw, clusters, v2, t0);
      SyncLoadTest.report("commit to app Synced", done);
      System.out.printf(
          "commit to all %d apps Synced: %.1f s%n",
          clusterCount, java.util.Arrays.stream(done).max().orElse(0) / 1e9);
    }
  }

  static Map<String, String> files(String version) {
    return Map.of(
        "apps/web/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {version: \""
            + version
            + "\"}\n",
        "apps/web/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "ghcr.io/example/web:%s"}]
        """
            .formatted(version));
  }

  static long[] latencies(GatewayHarness gw, List<String> clusters, String revision, long t0) {
    int n = clusters.size();
    long[] at = new long[n];
    int[] left = {n};
    AppId[] ids = new AppId[n];
    for (int i = 0; i < n; i++) {
      ids[i] = AppId.of("bench", "web-" + clusters.get(i));
    }
    try {
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                for (int i = 0; i < n; i++) {
                  if (at[i] == 0) {
                    App app = gw.gateway.loop().app(ids[i]).orElse(null);
                    if (app != null && SyncLoadTest.synced(app, revision)) {
                      at[i] = System.nanoTime() - t0;
                      left[0]--;
                    }
                  }
                }
                return left[0] == 0;
              });
    } catch (ConditionTimeoutException e) {
      // reported below
    }
    System.out.println(
        left[0] == 0 ? "all " + n + " apps synced" : left[0] + " apps NOT synced in 10 minutes");
    return java.util.Arrays.stream(at).filter(x -> x > 0).toArray();
  }
}
