package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.LogCapture;
import io.gitops.gateway.support.SyncFixtures;
import io.gitops.gateway.support.TestRepo;
import io.gitops.gateway.support.WebhookReceiver;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end, to a real HTTP receiver on loopback: a failed sync (Slack preset, a
 * template and a secret header), an app turning Degraded (Teams preset) delivered on the second
 * attempt after the receiver's first answer was a 500, and hostile targets refused with nothing
 * stored. Secrets (the URL's path and query, header values) are never returned, logged or stored in
 * the clear.
 */
class NotificationsTest {
  static final String HEADER_SECRET = "Bearer receiver-secret-4711";
  static final String QUERY_SECRET = "hook-token-0815";
  static final String TARGETS = "/api/v1/tenants/shop/notifications/targets/";

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static WebhookReceiver receiver;
  static LogCapture logs;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    logs = LogCapture.start("io.gitops.gateway.notify", "io.gitops.gateway.store");
    gw =
        GatewayHarness.start(
            work,
            Map.of("shop", SyncFixtures.SHOP_TENANT),
            List.of("dev"),
            Map.of("credentials", Map.of("key", CredentialCipher.newKey())));
    receiver = WebhookReceiver.start();
    repo = TestRepo.create(work.resolve("repo"));
    repo.commit(
        "apps",
        Map.of(
            "broken/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stray, namespace: kube-system}\n"
                + "data: {a: b}\n",
            "drifty/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: drift}\ndata: {a: b}\n",
            "web/api.yaml",
            SyncFixtures.deployment("api", "example/api:bad", 0)
                .replace("  replicas: 1\n", "  replicas: 1\n  progressDeadlineSeconds: 1\n")));
    admin = gw.token("ann", "shop-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (gw != null) {
        gw.close();
      }
      if (repo != null) {
        repo.close();
      }
      if (receiver != null) {
        receiver.close();
      }
    } finally {
      if (logs != null) {
        logs.close();
      }
    }
  }

  static HttpResponse<Buffer> putTarget(String name, JsonObject body) throws Exception {
    return gw.call(HttpMethod.PUT, TARGETS + name, admin, body);
  }

  static JsonArray deliveries() throws Exception {
    return gw.call(HttpMethod.GET, "/api/v1/tenants/shop/notifications/deliveries", admin, null)
        .bodyAsJsonObject()
        .getJsonArray("items");
  }

  static JsonObject delivery(String target) throws Exception {
    for (Object o : deliveries()) {
      if (((JsonObject) o).getString("target").equals(target)) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  @Test
  void aFailedSyncIsPostedAsASlackMessageWithTheTemplateAndTheSecretHeader() throws Exception {
    var put =
        putTarget(
            "chat",
            new JsonObject()
                .put("url", receiver.url("/hook/failed?token=" + QUERY_SECRET))
                .put("preset", "slack")
                .put("triggers", new JsonArray().add("sync-failed"))
                .put("template", "{{tenant}}/{{app}} {{trigger}} at {{revision}}: {{message}}")
                .put("headers", new JsonObject().put("Authorization", HEADER_SECRET)));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    assertThat(put.bodyAsJsonObject().getString("url")).isEqualTo(receiver.url("/…"));
    assertThat(put.bodyAsString()).doesNotContain(QUERY_SECRET).doesNotContain(HEADER_SECRET);

    var app =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/shop/apps/broken",
            admin,
            AppSpecs.onMain(repo.url(), "broken", "dev", "shop-broken"));
    assertThat(app.statusCode()).as(app.bodyAsString()).isEqualTo(201);
    gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/broken/sync", admin, null);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(receiver.at("/hook/failed"))
                    .anyMatch(r -> r.body().getString("text").startsWith("shop/broken ")));
    WebhookReceiver.Received got =
        receiver.at("/hook/failed").stream()
            .filter(r -> r.body().getString("text").startsWith("shop/broken "))
            .findFirst()
            .orElseThrow();
    assertThat(got.query()).isEqualTo("token=" + QUERY_SECRET);
    assertThat(got.headers().get("Authorization")).isEqualTo(HEADER_SECRET);
    assertThat(got.headers().get("Content-Type")).startsWith("application/json");
    assertThat(got.body().getString("text"))
        .startsWith("shop/broken sync-failed at ")
        .contains("kube-system");
    JsonObject attachment = got.body().getJsonArray("attachments").getJsonObject(0);
    assertThat(attachment.getString("color")).isEqualTo("danger");
    assertThat(attachment.getJsonArray("fields").encode()).contains("shop/broken");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject d = delivery("chat");
              assertThat(d).isNotNull();
              assertThat(d.getString("status")).isEqualTo("delivered");
              assertThat(d.getString("trigger")).isEqualTo("sync-failed");
              assertThat(d.getString("app")).isEqualTo("broken");
              assertThat(d.getInteger("responseCode")).isEqualTo(200);
            });

    // Never returned, never stored in the clear, never logged.
    String listed =
        gw.call(HttpMethod.GET, "/api/v1/tenants/shop/notifications/targets", admin, null)
            .bodyAsString();
    assertThat(listed)
        .contains("\"headerNames\":[\"Authorization\"]")
        .doesNotContain(QUERY_SECRET)
        .doesNotContain("receiver-secret")
        .doesNotContain("/hook/failed");
    Row row =
        gw.gateway
            .pool()
            .query("SELECT * FROM notification_targets WHERE name = 'chat'")
            .execute()
            .await(10, TimeUnit.SECONDS)
            .iterator()
            .next();
    String stored = row.toJson().encode() + new String(row.getBuffer("secret").getBytes());
    assertThat(stored).doesNotContain(QUERY_SECRET).doesNotContain("receiver-secret");
    logs.assertNoneContains(List.of(QUERY_SECRET, "receiver-secret"));
  }

  @Test
  void aDegradedAppIsPostedAsATeamsCardAndRetriedAfterThe500() throws Exception {
    receiver.failFirst("/hook/degraded", 500);
    var put =
        putTarget(
            "teams",
            new JsonObject()
                .put("url", receiver.url("/hook/degraded"))
                .put("preset", "teams")
                .put("triggers", new JsonArray().add("health-degraded")));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);

    var app =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/shop/apps/web",
            admin,
            AppSpecs.onMain(repo.url(), "web", "dev", "shop-web"));
    assertThat(app.statusCode()).as(app.bodyAsString()).isEqualTo(201);
    gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/web/sync", admin, null);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              var got = receiver.at("/hook/degraded");
              assertThat(got).hasSize(2);
              assertThat(got.get(0).answered()).isEqualTo(500);
              assertThat(got.get(1).answered()).isEqualTo(200);
              assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
            });
    JsonObject card = receiver.at("/hook/degraded").get(1).body();
    assertThat(card.getString("@type")).isEqualTo("MessageCard");
    assertThat(card.getString("title")).isEqualTo("health-degraded: shop/web");
    assertThat(card.getString("text")).startsWith("shop/web is Degraded");
    assertThat(card.getJsonArray("sections").encode()).contains("\"Degraded\"");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonObject d = delivery("teams");
              assertThat(d.getString("status")).isEqualTo("delivered");
              assertThat(d.getInteger("attempts")).isEqualTo(2);
              assertThat(d.getInteger("responseCode")).isEqualTo(200);
            });
  }

  @Test
  void anAppOutOfSyncTooLongIsToldOnceAndItsLaterSyncToo() throws Exception {
    var put =
        putTarget(
            "drift",
            new JsonObject()
                .put("url", receiver.url("/hook/drift"))
                .put("triggers", new JsonArray().add("out-of-sync").add("sync-succeeded"))
                .put("outOfSyncAfterSeconds", 60));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    var app =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/shop/apps/drifty",
            admin,
            AppSpecs.onMain(repo.url(), "drifty", "dev", "shop-drifty"));
    assertThat(app.statusCode()).as(app.bodyAsString()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> GatewayHarness.syncStatus(gw.app("shop", "drifty", admin)), "OutOfSync"::equals);

    var notifier = gw.gateway.notifier();
    notifier.checkOutOfSync(java.time.Instant.now().plusSeconds(30)); // not yet: under 60 s
    notifier.checkOutOfSync(java.time.Instant.now().plusSeconds(61));
    notifier.checkOutOfSync(java.time.Instant.now().plusSeconds(120)); // the same stretch: once
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(drift("out-of-sync")).hasSize(1));
    JsonObject told = drift("out-of-sync").get(0);
    assertThat(told.getString("tenant")).isEqualTo("shop");
    assertThat(told.getString("syncStatus")).isEqualTo("OutOfSync");
    assertThat(told.getString("text")).startsWith("shop/drifty has been OutOfSync too long");

    gw.call(HttpMethod.POST, "/api/v1/tenants/shop/apps/drifty/sync", admin, null);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(drift("sync-succeeded")).hasSize(1));
    assertThat(drift("sync-succeeded").get(0).getString("revision")).isNotBlank();
    assertThat(drift("out-of-sync")).hasSize(1);
  }

  @Test
  void deliveriesOlderThan30DaysAreDeleted() throws Exception {
    var pool = gw.gateway.pool();
    pool.query(
            "INSERT INTO notification_deliveries (tenant, target, app, trigger, status, created_at)"
                + " VALUES ('shop', 'old', 'a', 'sync-failed', 'delivered', now() - interval '40 days'),"
                + " ('shop', 'recent', 'a', 'sync-failed', 'delivered', now() - interval '29 days')")
        .execute()
        .await(10, TimeUnit.SECONDS);
    assertThat(gw.gateway.notifier().expireDeliveries().await(10, TimeUnit.SECONDS))
        .isGreaterThanOrEqualTo(1);
    List<String> left =
        deliveries().stream().map(d -> ((JsonObject) d).getString("target")).toList();
    assertThat(left).contains("recent").doesNotContain("old");
  }

  /** What the drift target got about the app drifty, of one event. */
  static List<JsonObject> drift(String event) {
    return receiver.at("/hook/drift").stream()
        .map(WebhookReceiver.Received::body)
        .filter(b -> b.getString("app").equals("drifty") && b.getString("event").equals(event))
        .toList();
  }

  @Test
  void hostileTargetsAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
    Map<String, JsonObject> hostile =
        Map.of(
            "url",
            target("http://169.254.169.254/latest/meta-data/"),
            "url ",
            target("http://10.1.2.3/hook"),
            "url  ",
            target("file:///etc/passwd"),
            "url   ",
            target("http://user:pw@127.0.0.1:1/hook"),
            "template",
            target(receiver.url("/x")).put("template", "${T(java.lang.Runtime).getRuntime()}"),
            "template ",
            target(receiver.url("/x")).put("template", "{{#each apps}}{{this}}{{/each}}"),
            "template  ",
            target(receiver.url("/x")).put("template", "{{app.getClass().forName('x')}}"),
            "headers.Host",
            target(receiver.url("/x")).put("headers", new JsonObject().put("Host", "evil")),
            "triggers[0]",
            target(receiver.url("/x")).put("triggers", new JsonArray().add("every-minute")));
    for (var e : hostile.entrySet()) {
      var r = putTarget("hostile", e.getValue());
      assertThat(r.statusCode()).as(e.getValue().encode() + " " + r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(e.getKey().strip());
    }
    var metadata = putTarget("hostile", target("http://169.254.169.254/latest/meta-data/"));
    assertThat(metadata.bodyAsJsonObject().getString("detail"))
        .contains("link-local")
        .contains("git.allowed-hosts");
    assertThat(
            gw.call(HttpMethod.GET, "/api/v1/tenants/shop/notifications/targets", admin, null)
                .bodyAsString())
        .doesNotContain("hostile");
  }

  static JsonObject target(String url) {
    return new JsonObject().put("url", url).put("triggers", new JsonArray().add("sync-failed"));
  }
}
