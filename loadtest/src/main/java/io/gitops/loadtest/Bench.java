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
import java.util.concurrent.CopyOnWriteArrayList;
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

  /** The first replica (the only one by default): the one scenarios that need one talk to. */
  public GatewayProcess gateway;

  /** Every replica, by member index; a restarted one takes its place. */
  public final List<GatewayProcess> gateways = new CopyOnWriteArrayList<>();

  public Api api;

  /** One API client per replica (registration is spread over them, as a load balancer would). */
  public final List<Api> apis = new ArrayList<>();

  /** With replicas: their ports and members; null for one process (no cluster manager). */
  public Members members;

  /** With replicas: the harness's reading of app_owners and sync_operations; else null. */
  public Owners owners;

  private Path config;
  public Feed feed;
  public String operatorToken;
  public KubeClients kube;

  /** Heap in use after a full GC with no app registered: what the gateway costs with none. */
  public long baselineHeap = -1;

  private final boolean clustered;

  private Bench(Options o, Path work, boolean clustered) {
    this.clustered = clustered;
    this.o = o;
    this.layout = new Layout(o);
    this.work = work;
    this.report = new Report(o);
    this.vertx = Vertx.vertx();
  }

  /** One gateway process, or {@code --replicas N} clustered ones. */
  public static Bench start(Options o) throws Exception {
    return start(o, o.replicas() > 1);
  }

  /**
   * {@code clustered}: the gateways run with {@code replicas.enabled} (a one-member cluster when
   * {@code --replicas 1}, so that app_owners is kept and a restart can be measured the same way).
   */
  public static Bench start(Options o, boolean clustered) throws Exception {
    Path work =
        o.work() != null
            ? Files.createDirectories(o.work())
            : Files.createTempDirectory("gitops-loadtest-");
    Bench b = new Bench(o, work, clustered);
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
    config =
        GatewayProcess.writeConfig(
            o, work, repos.root(), postgres.url(), issuer.issuer(), clusterUrls);
    if (clustered) {
      members = Members.pick(o.replicas(), FAILURE_TIMEOUT_SECONDS);
      owners = Owners.connect(postgres.url(), EmbeddedServer.USER, EmbeddedServer.PASSWORD);
    }
    // One after the other: the first forms the cluster (and migrates the database), the others
    // join it; starting them together on 2 cores only makes each slower.
    for (int i = 0; i < o.replicas(); i++) {
      gateways.add(startGateway(i));
      apis.add(new Api(vertx, gateways.get(i).port()));
    }
    gateway = gateways.get(0);
    api = apis.get(0);
    feed = Feed.connect(vertx, gateway.port(), operatorToken);
    kube = new KubeClients(vertx, clusterUrls);
    baselineHeap = ProcStats.liveHeapBytes(gateway.pid());
  }

  /** How long a silent member lasts before the others take its apps (replicas' default). */
  static final int FAILURE_TIMEOUT_SECONDS = 5;

  /** Starts gateway number {@code i} (again, after a stop or a kill: same ports, same members). */
  public GatewayProcess startGateway(int i) throws Exception {
    long t = System.nanoTime();
    String name = o.replicas() == 1 ? "gateway" : "gateway-" + i;
    GatewayProcess g =
        GatewayProcess.start(o, work, config, name, clustered ? members.env(i, work) : Map.of());
    log(
        String.format(
            "%s pid %d on port %d%s, started in %.1f s",
            name,
            g.pid(),
            g.port(),
            g.replicaId() == null ? "" : ", replica " + g.replicaId(),
            seconds(t)));
    if (i < gateways.size()) {
      gateways.set(i, g);
    }
    if (i == 0 && gateway != null) {
      gateway = g;
    }
    return g;
  }

  /** The replica that owns under {@code owner} (app_owners.owner), or -1: none alive. */
  public int replicaOf(String owner) {
    for (int i = 0; i < gateways.size(); i++) {
      GatewayProcess g = gateways.get(i);
      if (g.isAlive() && owner.equals(g.replicaId())) {
        return i;
      }
    }
    return -1;
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

  /** The gateways must still run; a dead one fails the scenario with its last lines. */
  public void checkGateway() {
    for (GatewayProcess g : gateways) {
      if (!g.isAlive()) {
        throw new IllegalStateException(g.name() + " exited; last lines:\n" + g.lastLines());
      }
    }
  }

  /** CPU seconds of every gateway process alive (one replica's own: {@link ProcStats}). */
  public double gatewayCpu() {
    double sum = 0;
    for (GatewayProcess g : gateways) {
      if (g.isAlive()) {
        sum += ProcStats.cpuSeconds(g.pid());
      }
    }
    return sum;
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
    if (owners != null) {
      owners.close();
    }
    // Together: each waits for its own shutdown, and the members leave the cluster at once.
    gateways.parallelStream().forEach(GatewayProcess::close);
    for (GatewayProcess g : gateways) {
      if (g.jfr() != null) {
        log("JFR recording of " + g.name() + ": " + g.jfr());
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
