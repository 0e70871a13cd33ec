package io.gitops.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N WebSocket clients of the live feed in their own process, each with a tenant viewer's token
 * (round-robin over the tokens file's lines), connecting with {@code since=SEQ} so that they get no
 * snapshot. Latency of a delivery: the client's clock minus the status's {@code reconciledAt}
 * (stamped when the gateway computed the status, just before it is published; same machine, same
 * clock). A change that only carries a sync operation's progress repeats an older {@code
 * reconciledAt}: the first client to see a sequence number decides, once for all, whether it is a
 * new status, and only new statuses are measured. One extra socket per token takes the snapshot
 * first, so that every app's current {@code reconciledAt} is known before the first change.
 *
 * <p>Prints {@code ready N} once every client is connected; on stdin {@code measure} starts
 * counting, {@code stop} prints {@code result ...} and exits.
 */
public final class WsClients {
  private static final byte[] CHANGE = bytes("{\"type\":\"change\",\"seq\":");
  private static final byte[] RESUMED = bytes("{\"type\":\"resumed\"");
  private static final byte[] APP = bytes("{\"type\":\"app\"");
  private static final byte[] SNAPSHOT_COMPLETE = bytes("{\"type\":\"snapshot-complete\"");

  private final Map<Long, Long> publishedMicros = new ConcurrentHashMap<>();
  private final Map<String, String> lastStamp = new ConcurrentHashMap<>();
  private final long[] latencies = new long[16_000_000];
  private final AtomicInteger recorded = new AtomicInteger();
  private final AtomicLong deliveries = new AtomicLong();
  private volatile boolean measuring;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long since = Long.parseLong(args[1]);
    int clients = Integer.parseInt(args[2]);
    List<String> tokens = Files.readAllLines(Path.of(args[3]));
    new WsClients().run(port, since, clients, tokens);
  }

  private void run(int port, long since, int clients, List<String> tokens) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    WebSocketClient ws =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxConnections(clients + 10).setConnectTimeout(60_000));
    AtomicInteger seeded = new AtomicInteger();
    for (String token : tokens) {
      var socket = ws.webSocket();
      socket.frameHandler(
          frame -> {
            byte[] b = frame.binaryData().getBytes();
            if (startsWith(b, APP)) {
              JsonObject m = new JsonObject(new String(b, StandardCharsets.UTF_8));
              lastStamp.put(
                  m.getString("tenant") + "/" + m.getString("app"),
                  String.valueOf(m.getString("reconciledAt")));
            } else if (startsWith(b, CHANGE)) {
              onChange(b, false);
            } else if (startsWith(b, SNAPSHOT_COMPLETE)) {
              seeded.incrementAndGet();
            }
          });
      socket
          .connect(
              new WebSocketConnectOptions()
                  .setHost("localhost")
                  .setPort(port)
                  .setURI("/ws/status")
                  .addHeader("Authorization", "Bearer " + token))
          .await(60, TimeUnit.SECONDS);
    }
    waitFor(() -> seeded.get() >= tokens.size());
    AtomicInteger ready = new AtomicInteger();
    List<Future<?>> connects = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      var socket = ws.webSocket();
      socket.frameHandler(
          frame -> {
            if (!frame.isFinal()) {
              return;
            }
            byte[] b = frame.binaryData().getBytes();
            if (startsWith(b, CHANGE)) {
              onChange(b, true);
            } else if (startsWith(b, RESUMED)) {
              ready.incrementAndGet();
            }
          });
      connects.add(
          socket.connect(
              new WebSocketConnectOptions()
                  .setHost("localhost")
                  .setPort(port)
                  .setURI("/ws/status?since=" + since)
                  .addHeader("Authorization", "Bearer " + tokens.get(c % tokens.size()))));
      if (connects.size() % 250 == 0) {
        Future.all(connects.subList(connects.size() - 250, connects.size()))
            .await(120, TimeUnit.SECONDS);
      }
    }
    Future.all(connects).await(300, TimeUnit.SECONDS);
    waitFor(() -> ready.get() >= clients);
    System.out.println("ready " + ready.get());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    double cpu0 = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("measure")) {
        cpu0 = ProcStats.ownCpuSeconds();
        deliveries.set(0);
        measuring = true;
      } else if (line.equals("stop")) {
        break;
      }
    }
    measuring = false;
    double cpu = ProcStats.ownCpuSeconds() - cpu0;
    int n = Math.min(recorded.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    Stats s = Stats.of(sorted);
    System.out.printf(
        "result deliveries=%d measured=%d p50=%.2f p99=%.2f max=%.2f cpu=%.1f%n",
        deliveries.get(), n, s.p50Ms(), s.p99Ms(), s.maxMs(), cpu);
    System.out.flush();
    System.exit(0);
  }

  /** Polls (a load-test main, not a test) for at most 5 minutes. */
  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  private void onChange(byte[] b, boolean counted) {
    long now = micros(Instant.now());
    long seq = 0;
    for (int i = CHANGE.length; i < b.length && b[i] >= '0' && b[i] <= '9'; i++) {
      seq = seq * 10 + (b[i] - '0');
    }
    long published = publishedMicros.computeIfAbsent(seq, s -> stamp(b));
    if (!measuring || !counted) {
      return;
    }
    deliveries.incrementAndGet();
    if (published > 0) {
      int i = recorded.getAndIncrement();
      if (i < latencies.length) {
        latencies[i] = (now - published) * 1000;
      }
    }
  }

  /** The status's time when it is a new status of its app; -1 when not. */
  private long stamp(byte[] b) {
    JsonObject m = new JsonObject(new String(b, StandardCharsets.UTF_8));
    String at = m.getString("reconciledAt");
    String previous =
        lastStamp.put(m.getString("tenant") + "/" + m.getString("app"), String.valueOf(at));
    if (at == null || at.equals(previous)) {
      return -1;
    }
    return micros(Instant.parse(at));
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
