package io.gitops.gateway.bench;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.source.WebhookFixture;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Webhook to rendered, on a whole gateway: a monorepo of 1,000 apps (one ConfigMap each, one app
 * per folder), one commit touching 10 of them, a signed GitHub push; the time from sending the
 * webhook until those 10 apps report the new revision (fetch + changed paths + render + compare +
 * status), and the number of renders it caused (must be 10: the other 990 are not re-rendered).
 * Target: under 1 s on a 2-core machine. A load-test main, not a JUnit test:
 *
 * <pre>
 * mvn -B -o test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath io.gitops.gateway.bench.MonorepoWebhookBenchmark 1000 10 5"
 * </pre>
 *
 * Arguments: apps (1000), apps touched per commit (10), rounds (5).
 */
public final class MonorepoWebhookBenchmark {
  static final String TENANT =
      """
      name: mono
      roles: {mono-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "mono-*"}]
      """;

  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int touched = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path work = Files.createTempDirectory("monorepo-bench");
    try (GatewayHarness gw =
            GatewayHarness.start(
                work,
                Map.of("mono", TENANT),
                List.of("dev"),
                Map.of("webhooks", Map.of("github-secret", WebhookFixture.SECRETS.github())));
        TestRepo repo = TestRepo.create(work.resolve("repos/mono"))) {
      Map<String, String> files = new HashMap<>();
      for (int i = 0; i < apps; i++) {
        files.put("apps/app-" + i + "/cm.yaml", configMap(i, "0"));
      }
      String head = repo.commit("1,000 apps", files);
      String token = gw.token("bench", "mono-admins");
      long registering = System.nanoTime();
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < apps; i++) {
        JsonObject spec = AppSpecs.onMain(repo.url(), "apps/app-" + i, "dev", "mono-apps");
        puts.add(
            gw.http
                .request(
                    HttpMethod.PUT,
                    gw.gateway.port(),
                    "localhost",
                    "/api/v1/tenants/mono/apps/app-" + i)
                .bearerTokenAuthentication(token)
                .sendJsonObject(spec));
        if (puts.size() == 50) {
          Future.all(puts).await(120, TimeUnit.SECONDS);
          puts.clear();
        }
      }
      Future.all(puts).await(120, TimeUnit.SECONDS);
      waitFor(gw, apps, head);
      System.out.printf(
          "registered and rendered %d apps in %.1f s%n",
          apps, (System.nanoTime() - registering) / 1e9);

      for (int round = 1; round <= rounds; round++) {
        Map<String, String> change = new HashMap<>();
        List<Integer> chosen = new ArrayList<>();
        for (int k = 0; k < touched; k++) {
          int i = (round * 97 + k * (apps / touched)) % apps;
          chosen.add(i);
          change.put("apps/app-" + i + "/cm.yaml", configMap(i, String.valueOf(round)));
        }
        String before = head;
        head = repo.commit("round " + round, change);
        WebhookFixture push =
            WebhookFixture.load("github", "valid")
                .rewritten(
                    Map.of(
                        "https://github.com/acme/shop",
                        repo.url(),
                        "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                        before,
                        "0000000000000000000000000000000000000001",
                        head,
                        "\"modified\": [\"apps/web/config.yaml\"]",
                        "\"modified\": ["
                            + String.join(
                                ", ",
                                chosen.stream().map(i -> "\"apps/app-" + i + "/cm.yaml\"").toList())
                            + "]"));
        double rendersBefore = renders(gw);
        long started = System.nanoTime();
        var request =
            gw.http.request(
                HttpMethod.POST, gw.gateway.port(), "localhost", "/api/v1/webhooks/git");
        push.headers().forEach(request::putHeader);
        int status =
            request.sendBuffer(Buffer.buffer(push.body())).await(60, TimeUnit.SECONDS).statusCode();
        String target = head;
        while (!chosen.stream().allMatch(i -> target.equals(revision(gw, i)))) {
          LockSupport.parkNanos(1_000_000);
        }
        double took = (System.nanoTime() - started) / 1e6;
        System.out.printf(
            "round %d: webhook %d, %d apps rendered at the new commit in %.0f ms; renders caused: %.0f%n",
            round, status, touched, took, renders(gw) - rendersBefore);
      }
    }
  }

  static String configMap(int i, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-"
        + i
        + "}\ndata: {round: \""
        + value
        + "\"}\n";
  }

  static String revision(GatewayHarness gw, int i) {
    return gw.gateway
        .loop()
        .app(AppId.of("mono", "app-" + i))
        .map(a -> a.status().revision())
        .orElse(null);
  }

  static void waitFor(GatewayHarness gw, int apps, String commit) {
    for (int i = 0; i < apps; i++) {
      while (!commit.equals(revision(gw, i))) {
        LockSupport.parkNanos(5_000_000);
      }
    }
  }

  static double renders(GatewayHarness gw) throws Exception {
    return gw.metricSum("gitops_render_duration_seconds_count");
  }
}
