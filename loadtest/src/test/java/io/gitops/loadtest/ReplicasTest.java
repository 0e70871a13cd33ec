package io.gitops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's proof with real parts: three gateway JVMs from the jar ({@code replicas.enabled},
 * Hazelcast members on loopback), one embedded PostgreSQL, the simulated clusters in their own
 * process, 200 apps registered through all three. Each step builds on the one before (the order is
 * the story: cold start, who owns what, routing and feeds across replicas, a {@code kill -9}, a
 * rolling restart). Times are printed, never asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasTest {
  private static final int APPS = 200;
  private static final Duration LONG = Duration.ofMinutes(3);

  @TempDir static Path work;
  private static Bench b;

  @BeforeAll
  static void start() throws Exception {
    String jar = System.getProperty("gitops.gateway.jar", "../gateway/target/gitops-gateway.jar");
    Options o =
        Options.parse(
            ("--apps "
                    + APPS
                    + " --clusters 5 --tenants 2 --replicas 3 --gateway-heap 384m --farm-heap 384m"
                    + " --timeout-minutes 3 --work "
                    + work
                    + " --gateway-jar "
                    + jar)
                .split(" "));
    b = Bench.start(o, true);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
  }

  private static Set<String> liveIds() {
    return b.gateways.stream()
        .filter(GatewayProcess::isAlive)
        .map(GatewayProcess::replicaId)
        .collect(Collectors.toSet());
  }

  /** Per simulated cluster, {@code group/Kind/namespace/name} → writes of any verb. */
  private static Map<String, Integer> writesPerObject() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (var cluster : b.clusterUrls.entrySet()) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(cluster.getValue() + "/simulator/writes"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      JsonObject writes = new JsonObject(body).getJsonObject("writes");
      for (String key : writes.fieldNames()) {
        int total =
            writes.getJsonObject(key).stream()
                .mapToInt(e -> ((Number) e.getValue()).intValue())
                .sum();
        out.put(cluster.getKey() + ":" + key, total);
      }
    }
    return out;
  }

  @Test
  @Order(1)
  void everyAppSyncsOnceAndEveryObjectIsWrittenByOneReplicaOnly() throws Exception {
    assertThat(ColdStart.run(b)).as("apps Synced+Healthy").isEqualTo(APPS);

    Map<String, Integer> writes = writesPerObject();
    long workloads =
        writes.keySet().stream()
            .filter(k -> k.matches(".*/(Deployment|Service|ConfigMap)/lt-a\\d+/.*"))
            .count();
    assertThat(workloads).as("objects of the apps written").isEqualTo(APPS * 3L);
    assertThat(writes)
        .as("writes per object at a first sync")
        .allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
  }

  @Test
  @Order(2)
  void everyAppHasOneLiveOwnerAndEachReplicaOwnsSome() throws Exception {
    Map<String, String> owners = b.owners.ownerOfEachApp();
    System.out.println("[ReplicasTest] apps per replica: " + ReplicasScenario.appsPerReplica(b));

    assertThat(owners).hasSize(APPS);
    assertThat(owners.values()).allSatisfy(o -> assertThat(liveIds()).contains(o));
    assertThat(Set.copyOf(owners.values())).containsExactlyInAnyOrderElementsOf(liveIds());
  }

  @Test
  @Order(3)
  void aSyncSentToReplicaCRunsOnOwnerBAndShowsOnTheFeedOfReplicaA() throws Exception {
    // The harness's feed is on replica 0 (A); pick an app owned by another (B), ask the third (C).
    Map<String, String> owners = b.owners.ownerOfEachApp();
    String app =
        owners.entrySet().stream()
            .filter(e -> b.replicaOf(e.getValue()) != 0)
            .map(Map.Entry::getKey)
            .sorted()
            .findFirst()
            .orElseThrow();
    int owner = b.replicaOf(owners.get(app));
    Api asked = b.apis.get(3 - owner);
    int i = ColdStart.index(app);
    String tenant = b.layout.tenant(i);
    String name = b.layout.name(i);
    // A sync of an app in sync applies nothing and records no operation: turn automated sync off
    // (through C as well) and push a new version, so that only the user's sync applies it.
    JsonObject automated = Api.appBody(b.layout, b.repos, i);
    JsonObject manual = automated.copy();
    manual.remove("syncPolicy");
    assertThat(asked.putApp(tenant, name, manual, b.operatorToken).statusCode() / 100).isEqualTo(2);
    GitRepos.Push push = b.repos.bump(b.layout.repoOf(i), new int[] {i}, "bump " + name);
    assertThat(b.api.webhook(push)).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> b.feed.state(app) != null && "OutOfSync".equals(b.feed.state(app).sync()));
    long before =
        b.owners.operations().stream()
            .filter(op -> op.app().equals(app))
            .mapToLong(Owners.Operation::id)
            .max()
            .orElse(0);
    List<JsonObject> heard = Collections.synchronizedList(new ArrayList<>());
    b.feed.listen(
        m -> {
          if (app.equals(m.getString("tenant") + "/" + m.getString("app"))) {
            heard.add(m);
          }
        });

    var answer = asked.sync(tenant, name, b.operatorToken);

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(List.copyOf(heard))
                    .as("feed messages of %s on %s", app, b.gateways.get(0).name())
                    .anySatisfy(
                        m -> {
                          JsonObject op = m.getJsonObject("operation");
                          assertThat(op).isNotNull();
                          assertThat(op.getLong("id")).isGreaterThan(before);
                          assertThat(op.getString("phase")).isEqualTo("Succeeded");
                          assertThat(op.getString("revision")).isEqualTo(push.after());
                        }));
    System.out.printf(
        "[ReplicasTest] %s owned by %s, sync asked on %s, seen on %s: %s%n",
        app,
        b.gateways.get(owner).name(),
        b.gateways.get(3 - owner).name(),
        b.gateways.get(0).name(),
        heard.get(heard.size() - 1).getJsonObject("operation"));
    assertThat(b.owners.ownerOfEachApp().get(app)).isEqualTo(owners.get(app));
    assertThat(
            b.owners.operations().stream()
                .filter(op -> op.app().equals(app) && op.id() > before)
                .map(Owners.Operation::triggeredBy))
        .as("operations after the user's sync")
        .singleElement()
        .asString()
        .contains("loadtest-operator");
    // automated again, for the steps after
    assertThat(asked.putApp(tenant, name, automated, b.operatorToken).statusCode() / 100)
        .isEqualTo(2);
  }

  @Test
  @Order(4)
  void aReplicaKilledMidSyncHasItsAppsOwnedAndSyncedByTheSurvivorsOperationsClosedOnce()
      throws Exception {
    ReplicasScenario.Failover f = ReplicasScenario.killMidSync(b, 1);
    System.out.printf(
        "[ReplicasTest] kill -9 of %s (%d apps, %d operations Running): owned again in %.1f s,"
            + " all Synced %.1f s after the kill%n",
        f.victim(), f.appsOwned(), f.runningAtKill().size(), f.reownSeconds(), f.syncedSeconds());

    assertThat(f.reownSeconds()).as("re-owned").isGreaterThanOrEqualTo(0);
    assertThat(f.synced()).as("apps Synced at the new commit").isEqualTo(APPS);
    Map<String, String> owners = b.owners.ownerOfEachApp();
    assertThat(owners).hasSize(APPS);
    assertThat(owners.values()).allSatisfy(o -> assertThat(liveIds()).contains(o));
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(b.owners.operations())
                    .as("operations Running")
                    .noneMatch(op -> op.phase().equals("Running")));
    List<Owners.Operation> ops = b.owners.operations();
    for (Owners.Operation op : ops) {
      if (f.runningAtKill().contains(op.id())) {
        assertThat(op.finished()).as("operation %d finished", op.id()).isTrue();
        System.out.printf(
            "[ReplicasTest] interrupted #%d: %s %s%n", op.id(), op.phase(), op.message());
      }
    }
    Map<String, Long> resumes =
        ops.stream()
            .map(Owners.Operation::triggeredBy)
            .filter(t -> t != null && t.startsWith("resume of operation #"))
            .collect(Collectors.groupingBy(t -> t.split(" ")[3], Collectors.counting()));
    assertThat(resumes)
        .as("resumes per interrupted operation")
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
  }

  @Test
  @Order(5)
  void aRollingRestartKeepsEveryAppOwnedByALiveReplica() throws Exception {
    // Back to three after the kill, then each in turn: a graceful stop, a start, readiness.
    b.startGateway(1);
    awaitReady(1);
    List<String> unowned = Collections.synchronizedList(new ArrayList<>());
    // Owners that stopped: a row naming one is an app owned by nobody. A starting replica may
    // claim before the harness has read its id, so an id not yet known is a live one.
    Set<String> gone = ConcurrentHashMap.newKeySet();
    b.gateways.stream().filter(g -> !g.isAlive()).forEach(g -> gone.add(g.replicaId()));
    AtomicInteger polls = new AtomicInteger();
    AtomicLong lastStop = new AtomicLong(System.nanoTime());
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    poller.scheduleWithFixedDelay(
        () -> {
          try {
            // Read what stopped before the rows: a row read while its replica still ran is fine.
            Set<String> stopped = Set.copyOf(gone);
            long since = System.nanoTime() - lastStop.get();
            Map<String, String> owners = b.owners.ownerOfEachApp();
            polls.incrementAndGet();
            long bad = owners.values().stream().filter(stopped::contains).count();
            if (owners.size() < APPS || bad > 0) {
              unowned.add(
                  String.format(
                      "%d rows, %d owned by a replica that stopped %d ms before",
                      owners.size(), bad, since / 1_000_000));
            }
          } catch (Exception e) {
            unowned.add("poll failed: " + e);
          }
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    try {
      for (int i = 0; i < 3; i++) {
        long t = System.nanoTime();
        GatewayProcess old = b.gateways.get(i);
        old.close();
        lastStop.set(System.nanoTime());
        gone.add(old.replicaId());
        b.startGateway(i);
        awaitReady(i);
        System.out.printf(
            "[ReplicasTest] %s restarted and ready in %.1f s; apps per replica %s%n",
            b.gateways.get(i).name(), Bench.seconds(t), ReplicasScenario.appsPerReplica(b));
      }
    } finally {
      poller.shutdownNow();
    }

    System.out.printf("[ReplicasTest] app_owners polled %d times during the roll%n", polls.get());
    assertThat(polls.get()).isPositive();
    assertThat(unowned).as("polls that found an app without a live owner").isEmpty();
  }

  private static void awaitReady(int i) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> b.apis.get(i).ready() == 200);
  }
}
