package io.gitops.gateway.bench;

import static org.awaitility.Awaitility.await;

import io.gitops.gateway.api.HttpApi;
import io.gitops.gateway.api.feed.FeedOptions;
import io.gitops.gateway.api.feed.FeedStats;
import io.gitops.gateway.api.feed.StatusFeed;
import io.gitops.gateway.api.feed.StatusSocket;
import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.demo.DevIssuer;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.gitops.gateway.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of the live feed: N WebSocket clients on /ws/status (real server, real tokens, the real
 * fan-out), R status changes per second published on the event bus as the reconcile loop does;
 * reports publish→delivery latency percentiles over every delivered message. Clients and server
 * share this JVM (and this machine's cores), so the figures include the clients' work.
 *
 * <pre>
 * mvn -B -o test-compile exec:java -Dexec.classpathScope=test \
 *   -Dmain.class=io.gitops.gateway.bench.FeedFanoutLoad -Dexec.args="2000 100 30 tenant 1"
 * </pre>
 *
 * Arguments: clients, changes per second, seconds, "tenant" (each client watches one of 20 tenants:
 * a change reaches ~N/20 clients) or "all" (every client sees every change), and the number of HTTP
 * server instances (event loops serving the sockets; default: the number of cores, as the gateway's
 * {@code http.instances}), and the feed's batch interval in ms (default 20).
 */
public final class FeedFanoutLoad {
  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    boolean perTenant = args.length <= 3 || !args[3].equals("all");
    int servers =
        args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
    java.time.Duration batch =
        args.length > 5
            ? java.time.Duration.ofMillis(Long.parseLong(args[5]))
            : FeedOptions.DEFAULT_BATCH;
    int tenants = 20;

    Vertx vertx = Vertx.vertx();
    Messages.registerCodecs(vertx);
    DevIssuer issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
    TokenVerifier verifier =
        TokenVerifier.discover(vertx, issuer.issuer(), DevIssuer.AUDIENCE)
            .await(30, TimeUnit.SECONDS);
    Map<TenantId, Tenant> tenantMap = new HashMap<>();
    List<App> apps = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      TenantId id = new TenantId("t" + t);
      tenantMap.put(
          id, new Tenant(id, id.value(), Map.of("g" + t, Role.VIEWER), List.of("*"), List.of()));
      for (int a = 0; a < 500; a++) {
        apps.add(
            new App(
                new AppSpec(
                    new AppId(id, "app-" + a),
                    new AppSpec.Source("file:///r", "main", ""),
                    new AppSpec.Destination(new ClusterId("dev"), "default"),
                    null),
                1,
                AppStatus.unknown("")));
      }
    }
    Access access = new Access(tenantMap, "ops");
    StatusFeed feed =
        new StatusFeed(
            () -> Future.succeededFuture(apps),
            id -> Future.succeededFuture(Optional.empty()),
            () -> Future.succeededFuture(1L), // one feed, one era: no database in this bench
            FeedOptions.DEFAULTS.withBatch(batch));
    vertx.deployVerticle(feed).await(10, TimeUnit.SECONDS);
    Router router = Router.router(vertx);
    router
        .get("/ws/status")
        .handler(
            new StatusSocket(
                vertx,
                (token, from) -> verifier.verify(token),
                access,
                feed,
                FeedStats.NONE,
                () -> {},
                () -> {}));
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // The gateway's own listener: `servers` HTTP servers sharing the port, one per event loop, so
    // the connections (and the feed's shards) spread over the loops.
    HttpApi.listen(vertx, router, "localhost", port, servers).await(10, TimeUnit.SECONDS);

    long[] latencies = new long[clients * rate * seconds + 1];
    AtomicInteger recorded = new AtomicInteger();
    AtomicInteger ready = new AtomicInteger();
    AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
    WebSocketClient wsClient =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(clients + 10)
                .setMaxMessageSize(64 * 1024 * 1024)
                .setMaxFrameSize(64 * 1024 * 1024));
    List<Future<?>> connects = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int tenant = c % tenants;
      String token =
          perTenant
              ? issuer.token("c" + c, List.of("g" + tenant), 3600)
              : issuer.token("c" + c, List.of("ops"), 3600);
      var ws = wsClient.webSocket();
      // Frames, not text messages: no aggregation and no String per message. The clients share the
      // machine with the gateway, so they read only what they must: the type and the publish time.
      ws.frameHandler(
          frame -> {
            long now = System.nanoTime();
            byte[] bytes =
                frame.binaryData().getBytes(); // one copy: cheaper than checked reads byte by byte
            if (startsWith(bytes, SNAPSHOT_COMPLETE)) {
              ready.incrementAndGet();
              return;
            }
            if (!startsWith(bytes, CHANGE)) {
              return;
            }
            long sent = publishedAt(bytes);
            if (sent >= measuring.get()) {
              int i = recorded.getAndIncrement();
              if (i < latencies.length) {
                latencies[i] = now - sent;
              }
            }
          });
      connects.add(
          ws.connect(
              new WebSocketConnectOptions()
                  .setHost("localhost")
                  .setPort(port)
                  .setURI("/ws/status")
                  .addHeader("Authorization", "Bearer " + token)));
      if (connects.size() % 200 == 0) {
        Future.all(connects.subList(connects.size() - 200, connects.size()))
            .await(60, TimeUnit.SECONDS);
      }
    }
    Future.all(connects).await(120, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ready.get() >= clients);
    System.out.printf(
        "%d clients connected and past their snapshot (%s)%n",
        clients, perTenant ? "one tenant each" : "all tenants");

    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long[] ticksBefore = userAndKernelTicks();
    long periodNanos = 1_000_000_000L / rate;
    measuring.set(System.nanoTime() + 2_000_000_000L); // first two seconds: warm-up
    long total = (long) rate * seconds;
    // The publisher runs at a fixed rate on its own thread; the main thread waits for it to finish.
    AtomicLong published = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    publisher.scheduleAtFixedRate(
        () -> {
          long n = published.getAndIncrement();
          if (n >= total) {
            done.countDown();
            return;
          }
          AppId id = new AppId(new TenantId("t" + (n % tenants)), "app-" + (n % 500));
          vertx
              .eventBus()
              .publish(
                  Addresses.APP_STATUS,
                  new Messages.StatusChanged(
                      id,
                      new AppStatus(
                          n % 2 == 0 ? SyncStatus.SYNCED : SyncStatus.OUT_OF_SYNC,
                          HealthStatus.HEALTHY,
                          "",
                          "abc",
                          Long.toString(System.nanoTime()),
                          List.of(),
                          Instant.now())));
        },
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    done.await();
    publisher.shutdownNow();
    // The last deliveries land when the count of recorded ones stops moving.
    int[] last = {-1};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              int now = recorded.get();
              boolean settled = now == last[0];
              last[0] = now;
              return settled;
            });
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long[] ticksAfter = userAndKernelTicks();
    int delivered = Math.min(recorded.get(), latencies.length);
    int count = Math.min(recorded.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    System.out.printf(
        "published %d changes at %d/s; %d deliveries measured (after warm-up)%n",
        total, rate, count);
    for (double p : new double[] {0.5, 0.9, 0.99, 0.999, 1.0}) {
      long v = count == 0 ? 0 : sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
      System.out.printf("  p%-5s %8.2f ms%n", p * 100, v / 1e6);
    }
    // CPU per delivery (server and clients, this JVM): comparable across runs on a shared machine
    System.out.printf(
        "process CPU while publishing: %.1f s, %.2f µs per measured delivery (load average %.1f)%n",
        cpu / 1e9, delivered == 0 ? 0 : cpu / 1e3 / delivered, os.getSystemLoadAverage());
    // Loopback TCP is paid by this process in the kernel, for the gateway's writes and the clients'
    // reads.
    long user = ticksAfter[0] - ticksBefore[0];
    long kernel = ticksAfter[1] - ticksBefore[1];
    if (user + kernel > 0) {
      System.out.printf(
          "  of which in the kernel (system calls, loopback TCP): %d %%%n",
          100 * kernel / (user + kernel));
    }
    vertx.close().await(60, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static final byte[] SNAPSHOT_COMPLETE =
      "{\"type\":\"snapshot-complete\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHANGE = "{\"type\":\"change\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MESSAGE = "\"message\":\"".getBytes(StandardCharsets.UTF_8);

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return regionMatches(bytes, 0, prefix);
  }

  private static boolean regionMatches(byte[] bytes, int at, byte[] part) {
    if (bytes.length < at + part.length) {
      return false;
    }
    for (int i = 0; i < part.length; i++) {
      if (bytes[at + i] != part[i]) {
        return false;
      }
    }
    return true;
  }

  /** The publisher's nanoTime, which it puts in the status message. */
  private static long publishedAt(byte[] bytes) {
    int at = 0;
    while (!regionMatches(bytes, at, MESSAGE)) {
      at++;
    }
    long value = 0;
    for (int i = at + MESSAGE.length; bytes[i] != '"'; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }

  /** utime and stime of this process (Linux /proc), zeros elsewhere. */
  private static long[] userAndKernelTicks() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (java.io.IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private FeedFanoutLoad() {}
}
