package io.gitops.loadtest;

import io.vertx.core.json.JsonObject;

/**
 * A page of 100 apps with their status, over REST and over GraphQL, one request after the other,
 * walking a tenant's apps with the cursor (and from the start again at the end).
 */
public final class PageScenario {
  static final int PAGE = 100;
  static final int WARMUP = 100;
  static final String QUERY =
      """
      query Page($tenant: String!, $after: String, $first: Int) {
        apps(tenant: $tenant, first: $first, after: $after) {
          edges { node {
            name version
            spec { source { repoURL targetRevision path } destination { cluster namespace } }
            status { sync { status revision } health { status message } message reconciledAt }
          } }
          pageInfo { hasNextPage endCursor }
        }
      }""";

  private PageScenario() {}

  public static void run(Bench b) throws Exception {
    int measured = b.o.pageRequests();
    int warmup = Math.min(WARMUP, measured); // the smoke test's few requests need no long warm-up
    String tenant = b.layout.tenant(0);
    String token = b.operatorToken;
    long[] rest = new long[measured];
    String cursor = null;
    for (int k = 0; k < warmup + measured; k++) {
      String path =
          "/api/v1/tenants/"
              + tenant
              + "/apps?limit="
              + PAGE
              + (cursor == null ? "" : "&cursor=" + cursor);
      long t0 = System.nanoTime();
      var r = b.api.get(path, token);
      long took = System.nanoTime() - t0;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + ": " + r.statusCode() + " " + r.bodyAsString());
      }
      JsonObject page = r.bodyAsJsonObject();
      cursor = page.getString("nextCursor");
      if (cursor != null) {
        cursor = java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
      }
      if (k >= warmup) {
        rest[k - warmup] = took;
      }
    }
    long[] graphql = new long[measured];
    String after = null;
    for (int k = 0; k < warmup + measured; k++) {
      JsonObject vars =
          new JsonObject().put("tenant", tenant).put("first", PAGE).put("after", after);
      long t0 = System.nanoTime();
      var r = b.api.graphql(QUERY, vars, token);
      long took = System.nanoTime() - t0;
      JsonObject json = r.bodyAsJsonObject();
      if (r.statusCode() != 200 || json.containsKey("errors")) {
        throw new IllegalStateException("GraphQL page: " + r.statusCode() + " " + r.bodyAsString());
      }
      JsonObject info = json.getJsonObject("data").getJsonObject("apps").getJsonObject("pageInfo");
      after = info.getBoolean("hasNextPage") ? info.getString("endCursor") : null;
      if (k >= warmup) {
        graphql[k - warmup] = took;
      }
    }
    int inTenant = (b.o.apps() + b.o.tenants() - 1) / b.o.tenants();
    String scope =
        String.format(
            "tenant %s's %,d apps (%,d in the gateway), %d requests one after the other after %d"
                + " warm-up",
            tenant, inTenant, b.o.apps(), measured, warmup);
    b.report.add("REST page of 100 apps", Stats.of(rest).text(), "p99 ≤ 20 ms", scope);
    b.report.add("GraphQL page of 100 apps", Stats.of(graphql).text(), "p99 ≤ 20 ms", scope);
  }
}
