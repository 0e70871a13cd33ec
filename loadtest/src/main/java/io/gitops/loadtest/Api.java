package io.gitops.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The gateway's HTTP API as a user's tools call it: REST, GraphQL, a Git host's webhook. */
public final class Api {
  private final WebClient http;
  private final int port;

  public Api(Vertx vertx, int port) {
    this.http =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** The app's body as a tenant sends it: Argo CD's field names, automated sync with self-heal. */
  static JsonObject appBody(Layout layout, GitRepos repos, int i) {
    return new JsonObject()
        .put(
            "source",
            new JsonObject()
                .put("repoURL", repos.url(layout.repoOf(i)))
                .put("targetRevision", "main")
                .put("path", layout.path(i)))
        .put(
            "destination",
            new JsonObject()
                .put("cluster", layout.cluster(i))
                .put("namespace", layout.namespace(i)))
        .put(
            "syncPolicy",
            new JsonObject()
                .put("automated", new JsonObject().put("prune", true).put("selfHeal", true)));
  }

  /**
   * PUT every app, {@code concurrency} requests in flight (as a script with a worker pool would),
   * app {@code i} through {@code apis[i % n]} (several replicas behind a load balancer); fails with
   * the first refusal.
   */
  public static void registerAll(
      List<Api> apis, Layout layout, GitRepos repos, String token, int concurrency)
      throws Exception {
    int apps = layout.o().apps();
    AtomicInteger next = new AtomicInteger();
    Future<?>[] workers = new Future<?>[Math.min(concurrency, apps)];
    for (int w = 0; w < workers.length; w++) {
      Promise<Void> done = Promise.promise();
      putNext(apis, layout, repos, token, next, done);
      workers[w] = done.future();
    }
    Future.all(List.of(workers)).await(60, TimeUnit.MINUTES);
  }

  private static void putNext(
      List<Api> apis,
      Layout layout,
      GitRepos repos,
      String token,
      AtomicInteger next,
      Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= layout.o().apps()) {
      done.complete();
      return;
    }
    apis.get(i % apis.size())
        .http
        .request(HttpMethod.PUT, "/api/v1/tenants/" + layout.tenant(i) + "/apps/" + layout.name(i))
        .bearerTokenAuthentication(token)
        .sendJsonObject(appBody(layout, repos, i))
        .onSuccess(
            r -> {
              if (r.statusCode() / 100 != 2) {
                done.fail(
                    "PUT app " + layout.key(i) + ": " + r.statusCode() + " " + r.bodyAsString());
              } else {
                putNext(apis, layout, repos, token, next, done);
              }
            })
        .onFailure(done::fail);
  }

  /** A GitHub push webhook for {@code push}, signed with the configured secret; its status. */
  public int webhook(GitRepos.Push push) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("ref", "refs/heads/main")
            .put("before", push.before())
            .put("after", push.after())
            .put("repository", new JsonObject().put("clone_url", push.url()))
            .put(
                "commits",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", push.after())
                            .put("added", new JsonArray())
                            .put("removed", new JsonArray())
                            .put("modified", new JsonArray(push.files()))));
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            GatewayProcess.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes));
    return http.post("/api/v1/webhooks/git")
        .putHeader("X-GitHub-Event", "push")
        .putHeader("X-Hub-Signature-256", signature)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(bytes))
        .await(60, TimeUnit.SECONDS)
        .statusCode();
  }

  /** {@code PUT …/apps/{a}}: creates or replaces an app's spec through this replica. */
  public HttpResponse<Buffer> putApp(String tenant, String app, JsonObject spec, String token)
      throws Exception {
    return http.put("/api/v1/tenants/" + tenant + "/apps/" + app)
        .bearerTokenAuthentication(token)
        .sendJsonObject(spec)
        .await(60, TimeUnit.SECONDS);
  }

  /** {@code POST …/apps/{a}/operations}: a user's sync of one app, sent to this replica. */
  public HttpResponse<Buffer> sync(String tenant, String app, String token) throws Exception {
    return http.post("/api/v1/tenants/" + tenant + "/apps/" + app + "/operations")
        .bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject())
        .await(60, TimeUnit.SECONDS);
  }

  /** {@code GET /health/ready}'s status: 200 once this replica is ready to serve. */
  public int ready() throws Exception {
    return http.get("/health/ready").send().await(10, TimeUnit.SECONDS).statusCode();
  }

  public HttpResponse<Buffer> get(String path, String token) throws Exception {
    return http.get(path).bearerTokenAuthentication(token).send().await(60, TimeUnit.SECONDS);
  }

  public HttpResponse<Buffer> graphql(String query, JsonObject variables, String token)
      throws Exception {
    return http.post("/graphql")
        .bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("query", query).put("variables", variables))
        .await(60, TimeUnit.SECONDS);
  }

  public String metrics() throws Exception {
    return http.get("/metrics").send().await(60, TimeUnit.SECONDS).bodyAsString();
  }
}
