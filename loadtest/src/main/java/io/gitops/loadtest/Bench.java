package io.gitops.loadtest;

import io.gitops.gateway.demo.DevIssuer;
import io.gitops.gateway.store.EmbeddedServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a scenario runs against, started in the order a user would: the Git repositories,
 * PostgreSQL, the OIDC issuer, the clusters (a child JVM), the gateway (a child JVM from its jar),
 * and the harness's one WebSocket on the live feed.
 */
public final class Bench implements AutoCloseable {
  private static final Pattern CLUSTER = Pattern.compile("^cluster (\\S+) (\\S+)$");
  private static final Pattern FARM_READY = Pattern.compile("^farm ready (\\d+)$");

  public final Options o;
  public final Layout layout;
  public final Path work;
  public final Report report;
  public final Vertx vertx;
  public GitRepos repos;
  public EmbeddedServer postgres;
  public DevIssuer issuer;
  public ChildProcess farm;
  public final Map<String, String> clusterUrls = new LinkedHashMap<>();
  public GatewayProcess gateway;
  public Api api;
  public Feed feed;
  public String operatorToken;
  public KubeClients kube;

  /** Heap in use after a full GC with no app registered: what the gateway costs with none. */
  public long baselineHeap = -1;

  private Bench(Options o, Path work) {
    this.o = o;
    this.layout = new Layout(o);
    this.work = work;
    this.report = new Report(o);
    this.vertx = Vertx.vertx();
  }

  public static Bench start(Options o) throws Exception {
    Path work =
        o.work() != null
            ? Files.createDirectories(o.work())
            : Files.createTempDirectory("gitops-loadtest-");
    Bench b = new Bench(o, work);
    try {
      b.startAll();
      return b;
    } catch (Exception | Error e) {
      b.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    log("work folder " + work);
    long t = System.nanoTime();
    repos = GitRepos.generate(layout, work.resolve("repos"));
    log(
        String.format(
            "generated %d repositories with %,d files in %.1f s",
            o.repos(), (long) o.apps() * o.objects(), seconds(t)));
    postgres = EmbeddedServer.start(work.resolve("postgres"));
    issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
    operatorToken = issuer.token("loadtest-operator", List.of("gitops-operators"), 24 * 3600);
    startFarm();
    t = System.nanoTime();
    gateway =
        GatewayProcess.start(o, work, repos.root(), postgres.url(), issuer.issuer(), clusterUrls);
    log(
        String.format(
            "gateway pid %d on port %d, started in %.1f s",
            gateway.pid(), gateway.port(), seconds(t)));
    api = new Api(vertx, gateway.port());
    feed = Feed.connect(vertx, gateway.port(), operatorToken);
    kube = new KubeClients(vertx, clusterUrls);
    baselineHeap = ProcStats.liveHeapBytes(gateway.pid());
  }

  private void startFarm() throws Exception {
    long t = System.nanoTime();
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + o.farmHeap()));
    jvm.addAll(ChildProcess.ownClassPath());
    farm =
        ChildProcess.java(
            "cluster farm",
            jvm,
            List.of(ClusterFarm.class.getName(), Integer.toString(o.clusters())),
            work.resolve("farm.log"));
    for (int c = 0; c < o.clusters(); c++) {
      Matcher m = farm.await(CLUSTER, Duration.ofMinutes(5));
      clusterUrls.put(m.group(1), m.group(2));
    }
    farm.await(FARM_READY, Duration.ofMinutes(1));
    log(
        String.format(
            "cluster farm pid %d: %d simulated API servers in %.1f s",
            farm.pid(), o.clusters(), seconds(t)));
  }

  public String tenantViewerToken(int tenant) {
    return issuer.token("viewer-" + tenant, List.of("t" + tenant + "-viewers"), 24 * 3600);
  }

  /** The gateway must still run; a dead one fails the scenario with its last lines. */
  public void checkGateway() {
    if (!gateway.isAlive()) {
      throw new IllegalStateException("the gateway exited; last lines:\n" + gateway.lastLines());
    }
  }

  public double gatewayCpu() {
    return ProcStats.cpuSeconds(gateway.pid());
  }

  public double farmCpu() {
    return ProcStats.cpuSeconds(farm.pid());
  }

  public static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  public static void log(String line) {
    System.out.println("[loadtest] " + line);
  }

  @Override
  public void close() {
    if (feed != null) {
      feed.close();
    }
    if (kube != null) {
      kube.close();
    }
    if (gateway != null) {
      gateway.close();
      if (gateway.jfr() != null) {
        log("JFR recording of the gateway: " + gateway.jfr());
      }
    }
    if (farm != null) {
      try {
        farm.tell("stop");
      } catch (java.io.IOException e) {
        // already gone
      }
      farm.close();
    }
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (java.io.IOException e) {
      log("PostgreSQL did not stop cleanly: " + e.getMessage());
    }
    vertx.close().await();
  }
}
