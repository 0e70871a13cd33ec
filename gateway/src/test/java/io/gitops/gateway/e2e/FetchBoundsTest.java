package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.DripGitServer;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.gitops.gateway.support.TestSources;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches are bounded: a server that drips one byte a second is cut off at the deadline (the git
 * thread comes back, the server sees the connection closed) while another tenant's app on a normal
 * repository syncs meanwhile; a repository over the size limit is refused naming the limit, and its
 * mirror does not stay on disk.
 */
class FetchBoundsTest {
  static final int DEADLINE_SECONDS = 3;
  static final long MAX_BYTES = 200_000;

  @TempDir static Path work;
  static GatewayHarness gw;
  static DripGitServer drip;
  static TestRepo normal;
  static TestRepo huge;

  static String tenant(String name) {
    return "name: "
        + name
        + "\nroles: {"
        + name
        + "-admins: admin}\nsourceRepos: [\"*\"]\n"
        + "destinations: [{cluster: dev, namespace: \""
        + name
        + "-*\"}]\n";
  }

  @BeforeAll
  static void start() throws Exception {
    drip = DripGitServer.start();
    normal = TestRepo.create(work.resolve("normal"));
    normal.commit(
        "one",
        Map.of(
            "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fast}\ndata: {a: b}\n"));
    huge = TestRepo.create(work.resolve("huge"));
    byte[] noise = new byte[600_000];
    new Random(1).nextBytes(noise); // base64 of random bytes: compressed, still ~600 KB
    huge.commit(
        "big",
        Map.of(
            "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\n",
            "noise.txt",
            java.util.Base64.getEncoder().encodeToString(noise)));
    Map<String, Object> git = new HashMap<>(TestSources.allowances(work));
    git.putAll(
        Map.of(
            "data-dir",
            work.resolve("git").toString(),
            "poll-interval-seconds",
            3600,
            "fetch-timeout-seconds",
            DEADLINE_SECONDS,
            "max-mirror-bytes",
            MAX_BYTES,
            "fetches-per-tenant",
            1));
    gw =
        GatewayHarness.start(
            work,
            Map.of("slow", tenant("slow"), "fast", tenant("fast")),
            List.of("dev"),
            Map.of("git", git));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (drip != null) {
      drip.close();
    }
    if (normal != null) {
      normal.close();
    }
    if (huge != null) {
      huge.close();
    }
  }

  static String admin(String tenant) {
    return gw.token("admin-of-" + tenant, tenant + "-admins");
  }

  static void create(String tenant, String app, String url) throws Exception {
    JsonObject spec =
        AppSpecs.onMain(url, "app", "dev", tenant + "-" + app)
            .put("syncPolicy", new JsonObject().put("automated", new JsonObject()));
    var r =
        gw.call(HttpMethod.PUT, "/api/v1/tenants/" + tenant + "/apps/" + app, admin(tenant), spec);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  static String message(String tenant, String app) throws Exception {
    return gw.app(tenant, app, admin(tenant)).getJsonObject("status").getString("message", "");
  }

  @Test
  void aDrippingServerIsCutOffAtTheDeadlineWhileAnotherTenantSyncs() throws Exception {
    for (String app : List.of("drip-1", "drip-2", "drip-3")) {
      create("slow", app, drip.url(app));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> drip.open() > 0);
    long started = System.nanoTime();
    create("fast", "web", normal.url());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                gw.clusters
                        .get("dev")
                        .client()
                        .configMaps()
                        .inNamespace("fast-web")
                        .withName("fast")
                        .get()
                    != null);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    System.out.println(
        "MEASURED fast tenant's app synced "
            + tookMs
            + " ms after creation, while "
            + drip.open()
            + " dripping fetch(es) of the slow tenant were open");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(message("slow", "drip-1"))
                    .contains(
                        "deadline of " + DEADLINE_SECONDS + " s (git.fetch-timeout-seconds)"));
    // every dripping fetch ends: the gateway hung up, so its git thread is free again
    await().atMost(Duration.ofSeconds(60)).until(() -> drip.served() >= 3 && drip.open() == 0);
    for (String app : List.of("drip-2", "drip-3")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(message("slow", app)).contains("git.fetch-timeout-seconds"));
    }
  }

  @Test
  void aRepositoryOverTheSizeLimitIsRefusedAndNotKept() throws Exception {
    create("fast", "huge", huge.url());
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(message("fast", "huge"))
                    .contains(
                        "larger than the limit of " + MAX_BYTES + " bytes (git.max-mirror-bytes)"));
    try (Stream<Path> mirrors = Files.list(work.resolve("git"))) {
      for (Path mirror :
          mirrors.filter(p -> p.getFileName().toString().endsWith(".git")).toList()) {
        try (Stream<Path> files = Files.walk(mirror)) {
          long size = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
          assertThat(size).as(mirror.toString()).isLessThanOrEqualTo(MAX_BYTES);
        }
      }
    }
    assertThat(
            gw.clusters
                .get("dev")
                .client()
                .configMaps()
                .inNamespace("fast-huge")
                .withName("big")
                .get())
        .isNull();
  }
}
