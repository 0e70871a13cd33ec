package io.gitops.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant REST API on a whole gateway: validation, idempotent create, optimistic concurrency,
 * paging, SSE.
 */
class AppApiTest {
  static final String SHOP =
      """
      name: shop
      roles:
        shop-admins: admin
        shop-viewers: viewer
      sourceRepos: ["*"]
      destinations:
        - cluster: dev
          namespace: "shop-*"
      """;
  static final String BULK =
      """
      name: bulk
      roles:
        bulk-viewers: viewer
      sourceRepos: ["*"]
      destinations: []
      """;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String admin;
  static String viewer;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of("shop", SHOP, "bulk", BULK), List.of("dev"));
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "first",
        Map.of(
            "web/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n",
            "web/secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: hunter2-secret\n"));
    admin = gw.token("ann", "shop-admins");
    viewer = gw.token("vic", "shop-viewers");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  static JsonObject body(String name) {
    JsonObject b = AppSpecs.onMain(repo.url(), "web", "dev", "shop-web");
    return name == null ? b : b.put("name", name);
  }

  static HttpResponse<Buffer> send(
      HttpMethod method, String path, String token, Map<String, String> headers, Object body)
      throws Exception {
    var request = gw.http.request(method, gw.gateway.port(), "localhost", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    headers.forEach(request::putHeader);
    Future<HttpResponse<Buffer>> response =
        body == null
            ? request.send()
            : body instanceof JsonObject json
                ? request.sendJsonObject(json)
                : request.sendBuffer(Buffer.buffer((String) body));
    return response.await(60, TimeUnit.SECONDS);
  }

  static void assertProblem(HttpResponse<Buffer> r, int status, String field) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("content-type")).isEqualTo("application/problem+json");
    if (field != null) {
      assertThat(r.bodyAsJsonObject().getString("field")).as(r.bodyAsString()).isEqualTo(field);
    }
  }

  @Test
  void invalidBodiesGet400NamingTheField() throws Exception {
    String apps = "/api/v1/tenants/shop/apps";
    assertProblem(send(HttpMethod.POST, apps, admin, Map.of(), body(null)), 400, "name");
    assertProblem(
        send(HttpMethod.POST, apps, admin, Map.of(), body("bad").put("colour", "red")),
        400,
        "colour");
    JsonObject noRepo = body("bad");
    noRepo.getJsonObject("source").remove("repoURL");
    assertProblem(send(HttpMethod.POST, apps, admin, Map.of(), noRepo), 400, "source.repoURL");
    JsonObject extra = body("bad");
    extra.getJsonObject("destination").put("server", "https://x");
    assertProblem(send(HttpMethod.POST, apps, admin, Map.of(), extra), 400, "destination.server");
    assertProblem(
        send(
            HttpMethod.POST,
            apps,
            admin,
            Map.of(),
            body("bad").put("labels", new JsonObject().put("team", 7))),
        400,
        "labels.team");
    assertProblem(send(HttpMethod.POST, apps, admin, Map.of(), body("Not_A_Name")), 400, "name");
    assertProblem(
        send(HttpMethod.PUT, apps + "/bad", admin, Map.of(), body(null).put("version", "one")),
        400,
        "version");
    assertProblem(send(HttpMethod.POST, apps, admin, Map.of(), "{not json"), 400, null);
    assertProblem(
        send(
            HttpMethod.POST,
            apps,
            admin,
            Map.of(),
            body("big").put("labels", new JsonObject().put("pad", "x".repeat(70_000)))),
        413,
        null);
    assertProblem(
        send(HttpMethod.GET, apps + "?sync=Sideways", admin, Map.of(), null), 400, "sync");
    assertProblem(send(HttpMethod.GET, apps + "?limit=0", admin, Map.of(), null), 400, "limit");
    assertProblem(
        send(HttpMethod.GET, apps + "?cursor=%21%21", admin, Map.of(), null), 400, "cursor");
    assertProblem(send(HttpMethod.GET, apps + "?label=team", admin, Map.of(), null), 400, "label");
    assertThat(send(HttpMethod.GET, apps + "/bad", admin, Map.of(), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void syncAndRefreshRefuseOptionsTheyWouldIgnoreAndNothingIsApplied() throws Exception {
    String apps = "/api/v1/tenants/shop/apps";
    assertThat(send(HttpMethod.POST, apps, admin, Map.of(), body("careful")).statusCode())
        .isEqualTo(201);
    HttpResponse<Buffer> dry =
        send(
            HttpMethod.POST,
            apps + "/careful/sync",
            admin,
            Map.of(),
            new JsonObject().put("dryRun", true));
    assertProblem(dry, 400, "dryRun");
    assertThat(dry.bodyAsJsonObject().getString("detail")).contains("/apps/careful/operations");
    assertProblem(
        send(
            HttpMethod.POST,
            apps + "/careful/refresh",
            admin,
            Map.of(),
            new JsonObject().put("prune", true)),
        400,
        "prune");
    assertThat(
            send(HttpMethod.GET, apps + "/careful/operations", admin, Map.of(), null)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .as("the refused dry run applied nothing")
        .isEmpty();
    assertThat(
            send(HttpMethod.POST, apps + "/careful/refresh", admin, Map.of(), new JsonObject())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void createWithAKeyIsIdempotentAndAReusedKeyWithAnotherBodyIsRefused() throws Exception {
    String apps = "/api/v1/tenants/shop/apps";
    var first =
        send(
            HttpMethod.POST,
            apps,
            admin,
            Map.of("Idempotency-Key", "k-1"),
            body("once").put("labels", new JsonObject().put("team", "a")));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.getHeader("ETag")).isEqualTo("\"1\"");
    var retry =
        send(
            HttpMethod.POST,
            apps,
            admin,
            Map.of("Idempotency-Key", "k-1"),
            body("once").put("labels", new JsonObject().put("team", "a")));
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.bodyAsJsonObject().getLong("version")).isEqualTo(1L);
    assertThat(retry.bodyAsJsonObject().getJsonObject("labels").getString("team")).isEqualTo("a");

    assertProblem(
        send(HttpMethod.POST, apps, admin, Map.of("Idempotency-Key", "k-1"), body("twice")),
        422,
        "Idempotency-Key");
    assertProblem(send(HttpMethod.POST, apps, admin, Map.of(), body("once")), 409, "name");
    assertThat(send(HttpMethod.POST, apps, viewer, Map.of(), body("nope")).statusCode())
        .isEqualTo(403);
    assertThat(
            send(HttpMethod.POST, "/api/v1/tenants/bulk/apps", admin, Map.of(), body("nope"))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aStaleUpdateGets409AndAFreshOneMovesTheVersion() throws Exception {
    String app = "/api/v1/tenants/shop/apps/versioned";
    assertThat(send(HttpMethod.PUT, app, admin, Map.of(), body(null)).statusCode()).isEqualTo(201);
    String etag = send(HttpMethod.GET, app, viewer, Map.of(), null).getHeader("ETag");
    assertThat(etag).isEqualTo("\"1\"");

    JsonObject changed = body(null);
    changed.getJsonObject("source").put("targetRevision", "HEAD");
    var updated = send(HttpMethod.PUT, app, admin, Map.of("If-Match", etag), changed);
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.getHeader("ETag")).isEqualTo("\"2\"");

    assertProblem(
        send(HttpMethod.PUT, app, admin, Map.of("If-Match", etag), body(null)), 409, "version");
    assertProblem(
        send(HttpMethod.PUT, app, admin, Map.of(), body(null).put("version", 1)), 409, "version");
    assertThat(
            send(HttpMethod.PUT, app, admin, Map.of(), body(null).put("version", 2)).statusCode())
        .isEqualTo(200);
    assertThat(
            send(HttpMethod.GET, app + "/resources", viewer, Map.of(), null)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isNotNull();
    assertThat(send(HttpMethod.DELETE, app, admin, Map.of(), null).statusCode()).isEqualTo(204);
    assertThat(send(HttpMethod.DELETE, app, admin, Map.of(), null).statusCode()).isEqualTo(404);
  }

  @Test
  void pagingWalksToTheEndOfA2500AppListAndFiltersNarrowIt() throws Exception {
    var store = gw.gateway.apps();
    List<Future<?>> inserts = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      AppSpec spec =
          new AppSpec(
              AppId.of("bulk", String.format("app-%04d", i)),
              new AppSpec.Source("file:///x", "main", ""),
              new AppSpec.Destination(new ClusterId(i % 2 == 0 ? "dev" : "prod"), "ns-" + (i % 5)),
              null);
      inserts.add(store.create(spec, Map.of("team", i % 4 == 0 ? "a" : "b")));
    }
    Future.all(inserts).await(120, TimeUnit.SECONDS);
    String token = gw.token("bo", "bulk-viewers");

    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var page =
          send(
              HttpMethod.GET,
              "/api/v1/tenants/bulk/apps?limit=300" + (cursor == null ? "" : "&cursor=" + cursor),
              token,
              Map.of(),
              null);
      assertThat(page.statusCode()).isEqualTo(200);
      page.bodyAsJsonObject()
          .getJsonArray("items")
          .forEach(o -> names.add(((JsonObject) o).getString("name")));
      cursor = page.bodyAsJsonObject().getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(9);
    assertThat(names).hasSize(2500).doesNotHaveDuplicates().isSorted();
    assertThat(names.get(2499)).isEqualTo("app-2499");

    var filtered =
        send(
            HttpMethod.GET,
            "/api/v1/tenants/bulk/apps?limit=500&cluster=dev&label=team%3Da&namespace=ns-0",
            token,
            Map.of(),
            null);
    assertThat(filtered.bodyAsJsonObject().getJsonArray("items"))
        .hasSize(125); // i % 4 == 0 and i % 5 == 0: every 20th of 2,500
    assertThat(filtered.bodyAsJsonObject().getString("nextCursor")).isNull();
    var synced =
        send(
            HttpMethod.GET,
            "/api/v1/tenants/bulk/apps?sync=Synced&health=Healthy",
            token,
            Map.of(),
            null);
    assertThat(synced.bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  void theDiffShowsEachObjectAndNeverASecretValue() throws Exception {
    assertThat(
            send(HttpMethod.PUT, "/api/v1/tenants/shop/apps/diffed", admin, Map.of(), body(null))
                .statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var diff =
                  send(
                      HttpMethod.GET,
                      "/api/v1/tenants/shop/apps/diffed/diff",
                      viewer,
                      Map.of(),
                      null);
              assertThat(diff.statusCode()).isEqualTo(200);
              assertThat(diff.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
            });
    var diff =
        send(HttpMethod.GET, "/api/v1/tenants/shop/apps/diffed/diff", viewer, Map.of(), null);
    JsonObject secret =
        diff.bodyAsJsonObject().getJsonArray("items").stream()
            .map(o -> (JsonObject) o)
            .filter(o -> "Secret".equals(o.getString("kind")))
            .findFirst()
            .orElseThrow();
    assertThat(secret.getString("verdict")).isEqualTo("MISSING");
    assertThat(diff.bodyAsString()).doesNotContain("hunter2").doesNotContain("aHVudGVyMi");
    assertThat(diff.bodyAsString()).contains("settings").contains("color");
  }

  @Test
  void theOpenApiDocumentIsServedWithoutAToken() throws Exception {
    var doc = send(HttpMethod.GET, "/api/v1/openapi.yaml", null, Map.of(), null);
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.bodyAsString())
        .startsWith("openapi: 3.0.3")
        .contains("/tenants/{tenant}/apps:")
        .contains("Idempotency-Key");
  }

  @Test
  void serverSentEventsCarryTheSnapshotMarkerAndLiveChangesOfVisibleTenantsOnly() throws Exception {
    assertThat(
            send(HttpMethod.PUT, "/api/v1/tenants/shop/apps/streamed", admin, Map.of(), body(null))
                .statusCode())
        .isEqualTo(201);
    HttpClient client = gw.vertx.createHttpClient();
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicReference<Integer> status = new AtomicReference<>();
    client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("localhost")
                .setPort(gw.gateway.port())
                .setURI("/api/v1/stream/apps?tenant=shop")
                .addHeader("Authorization", "Bearer " + viewer))
        .compose(req -> req.send())
        .onSuccess(
            resp -> {
              status.set(resp.statusCode());
              resp.handler(buf -> lines.addAll(List.of(buf.toString().split("\n"))));
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event: snapshot-complete"));
    assertThat(status.get()).isEqualTo(200);

    publish("bulk", "app-0001", "hidden");
    publish("shop", "streamed", "visible");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lines.stream().anyMatch(l -> l.contains("\"visible\"")));
    assertThat(lines).noneMatch(l -> l.contains("\"hidden\""));
    assertThat(lines).contains("event: change");
    client.close();
  }

  @Test
  void theEventStreamTakesItsTokenFromTheQueryForBrowsersButNoOtherRouteDoes() throws Exception {
    HttpClient client = gw.vertx.createHttpClient();
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("localhost")
                .setPort(gw.gateway.port())
                .setURI("/api/v1/stream/apps?follow=false&access_token=" + viewer))
        .compose(req -> req.send())
        .onSuccess(resp -> resp.handler(buf -> lines.addAll(List.of(buf.toString().split("\n")))));
    await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event: snapshot-complete"));
    client.close();
    assertThat(
            send(
                    HttpMethod.GET,
                    "/api/v1/tenants/shop/apps?access_token=" + viewer,
                    null,
                    Map.of(),
                    null)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send(
                    HttpMethod.GET,
                    "/api/v1/stream/apps?follow=false&access_token=forged",
                    null,
                    Map.of(),
                    null)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void theWebSocketFeedWorksOnTheGatewaysServerWithoutASubProtocol() throws Exception {
    assertThat(
            send(HttpMethod.PUT, "/api/v1/tenants/shop/apps/socketed", admin, Map.of(), body(null))
                .statusCode())
        .isEqualTo(201);
    List<JsonObject> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    var ws = gw.vertx.createWebSocketClient().webSocket();
    ws.textMessageHandler(t -> messages.add(new JsonObject(t)));
    ws.connect(
            new io.vertx.core.http.WebSocketConnectOptions()
                .setHost("localhost")
                .setPort(gw.gateway.port())
                .setURI("/ws/status?tenant=shop&app=socketed")
                .addHeader("Authorization", "Bearer " + viewer))
        .await(20, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> messages.stream().anyMatch(m -> "snapshot-complete".equals(m.getString("type"))));
    assertThat(messages.stream().filter(m -> "app".equals(m.getString("type"))))
        .extracting(m -> m.getString("app"))
        .containsExactly("socketed");
    publish("shop", "socketed", "over the socket");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                messages.stream().anyMatch(m -> "over the socket".equals(m.getString("message"))));
    ws.close();

    // A bad token on a socket is refused (4401) and counted like one on a REST call.
    double before = gw.metricSum("gitops_auth_failures_total");
    var forged = gw.vertx.createWebSocketClient().webSocket();
    AtomicReference<Short> closedWith = new AtomicReference<>();
    forged.closeHandler(v -> closedWith.set(forged.closeStatusCode()));
    forged
        .connect(
            new io.vertx.core.http.WebSocketConnectOptions()
                .setHost("localhost")
                .setPort(gw.gateway.port())
                .setURI("/ws/status")
                .addHeader("Authorization", "Bearer forged"))
        .await(20, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> closedWith.get() != null);
    assertThat(closedWith.get()).isEqualTo((short) 4401);
    assertThat(gw.metricSum("gitops_auth_failures_total")).isEqualTo(before + 1);
  }

  static void publish(String tenant, String app, String message) {
    gw.vertx
        .eventBus()
        .publish(
            Addresses.APP_STATUS,
            new Messages.StatusChanged(
                AppId.of(tenant, app),
                new AppStatus(
                    SyncStatus.SYNCED,
                    HealthStatus.HEALTHY,
                    "",
                    "abc",
                    message,
                    List.of(),
                    Instant.now())));
  }
}
