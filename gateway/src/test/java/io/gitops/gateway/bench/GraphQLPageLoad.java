package io.gitops.gateway.bench;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Load test of a GraphQL page: a whole gateway on real parts (embedded PostgreSQL, the real router
 * and GraphQL engine, DevIssuer tokens), one tenant with N apps, each with a status of three
 * objects and two labels; then a client walks the Relay connection 100 apps at a time, again and
 * again, one request after the other, and reports the latency percentiles of a page over HTTP.
 *
 * <pre>
 * mvn -B -o test-compile exec:java -Dexec.classpathScope=test \
 *   -Dmain.class=io.gitops.gateway.bench.GraphQLPageLoad -Dexec.args="10000 100 1000"
 * </pre>
 *
 * Arguments: apps, page size, measured requests (after 200 warm-up requests).
 */
public final class GraphQLPageLoad {
  static final String TENANT =
      """
      name: bench
      roles:
        bench-viewers: viewer
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "*"
      """;
  static final String QUERY =
      """
      query Page($after: String, $first: Int) {
        apps(tenant: "bench", first: $first, after: $after) {
          edges { cursor node {
            name version labels { key value }
            spec { source { repoURL targetRevision path } destination { cluster namespace } }
            status { sync { status revision } health { status message } message reconciledAt }
            objects { kind name }
          } }
          pageInfo { hasNextPage endCursor }
        }
      }""";

  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int warmup = 200;
    Path work = Files.createTempDirectory("graphql-page-load");
    GatewayHarness gw = GatewayHarness.start(work, Map.of("bench", TENANT), List.of("dev"));
    try {
      insert(gw, apps);
      String token = gw.token("bench-user", "bench-viewers");
      long[] latencies = new long[measured];
      String cursor = null;
      int pages = 0;
      for (int i = 0; i < warmup + measured; i++) {
        JsonObject body =
            new JsonObject()
                .put("query", QUERY)
                .put("variables", new JsonObject().put("after", cursor).put("first", pageSize));
        long start = System.nanoTime();
        var response = gw.call(HttpMethod.POST, "/graphql", token, body);
        long took = System.nanoTime() - start;
        JsonObject json = response.bodyAsJsonObject();
        if (response.statusCode() != 200 || json.containsKey("errors")) {
          throw new IllegalStateException(
              "GraphQL failed: " + response.statusCode() + " " + response.bodyAsString());
        }
        JsonObject connection = json.getJsonObject("data").getJsonObject("apps");
        JsonObject info = connection.getJsonObject("pageInfo");
        cursor =
            info.getBoolean("hasNextPage")
                ? info.getString("endCursor")
                : null; // at the end: from the start again
        pages++;
        if (i >= warmup) {
          latencies[i - warmup] = took;
        }
      }
      Arrays.sort(latencies);
      System.out.printf(
          "%d apps, pages of %d, %d requests measured after %d warm-up (%d pages walked)%n",
          apps, pageSize, measured, warmup, pages);
      for (double p : new double[] {0.5, 0.9, 0.99, 1.0}) {
        System.out.printf(
            "  p%-5s %8.2f ms%n",
            p * 100, latencies[Math.min(measured - 1, (int) Math.ceil(p * measured) - 1)] / 1e6);
      }
    } finally {
      gw.close();
    }
    System.exit(0);
  }

  /**
   * Apps straight into the store (as AppApiTest does), in batches the pool takes, each with a
   * status.
   */
  private static void insert(GatewayHarness gw, int apps) throws Exception {
    var store = gw.gateway.apps();
    List<ResourceStatus> objects =
        List.of(
            new ResourceStatus(
                new ResourceKey("apps", "Deployment", "web", "web"),
                SyncStatus.SYNCED,
                HealthStatus.HEALTHY,
                ""),
            new ResourceStatus(
                new ResourceKey("", "Service", "web", "web"),
                SyncStatus.SYNCED,
                HealthStatus.HEALTHY,
                ""),
            new ResourceStatus(
                new ResourceKey("", "ConfigMap", "web", "web-config"),
                SyncStatus.OUT_OF_SYNC,
                HealthStatus.HEALTHY,
                ""));
    for (int from = 0; from < apps; from += 500) {
      List<Future<?>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(apps, from + 500); i++) {
        AppId id = AppId.of("bench", String.format("app-%05d", i));
        AppSpec spec =
            new AppSpec(
                id,
                new AppSpec.Source("https://git.example.com/apps.git", "main", "apps/" + i),
                new AppSpec.Destination(new ClusterId("dev"), "ns-" + (i % 10)),
                null);
        AppStatus status =
            new AppStatus(
                i % 3 == 0 ? SyncStatus.OUT_OF_SYNC : SyncStatus.SYNCED,
                HealthStatus.HEALTHY,
                "",
                "0123456789abcdef0123456789abcdef01234567",
                "",
                objects,
                Instant.now());
        batch.add(
            store
                .create(spec, Map.of("team", "t" + (i % 7), "tier", "web"))
                .compose(v -> store.updateStatus(id, status)));
      }
      Future.all(batch).await(120, TimeUnit.SECONDS);
    }
  }

  private GraphQLPageLoad() {}
}
