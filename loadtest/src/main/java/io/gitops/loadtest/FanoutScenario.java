package io.gitops.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N WebSocket clients in their own process (each a tenant viewer) while status changes flow at R
 * per second: real changes, made by drifting apps on their clusters (each drift is detected, healed
 * and reported), paced by the changes the harness's own feed socket counts. The clients report
 * publish-to-deliver percentiles.
 */
public final class FanoutScenario {
  private static final Pattern READY = Pattern.compile("^ready (\\d+)$");
  private static final Pattern RESULT =
      Pattern.compile(
          "^result deliveries=(\\d+) measured=(\\d+) p50=(\\S+) p99=(\\S+) max=(\\S+) cpu=(\\S+)$");
  static final int WARMUP_SECONDS = 3;
  static final int MAX_EDITS_IN_FLIGHT = 200;

  private FanoutScenario() {}

  public static void run(Bench b, double changesPerEdit) throws Exception {
    Path tokens = b.work.resolve("ws-tokens.txt");
    List<String> lines = new ArrayList<>();
    for (int t = 0; t < b.o.tenants(); t++) {
      lines.add(b.tenantViewerToken(t));
    }
    Files.write(tokens, lines);
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
    jvm.addAll(ChildProcess.ownClassPath());
    long t = System.nanoTime();
    try (ChildProcess clients =
        ChildProcess.java(
            "websocket clients",
            jvm,
            List.of(
                WsClients.class.getName(),
                Integer.toString(b.gateway.port()),
                Long.toString(b.feed.seq()),
                Integer.toString(b.o.wsClients()),
                tokens.toString()),
            b.work.resolve("ws-clients.log"))) {
      int ready = Integer.parseInt(clients.await(READY, Duration.ofMinutes(10)).group(1));
      Bench.log(
          String.format(
              "%d WebSocket clients (pid %d) connected in %.1f s",
              ready, clients.pid(), Bench.seconds(t)));
      double cpe = Math.max(1.0, changesPerEdit);
      Window w = drive(b, clients, cpe);
      Matcher m = clients.await(RESULT, Duration.ofMinutes(2));
      double rate = w.changes / (double) b.o.wsSeconds();
      b.report.add(
          String.format(
              "%,d WebSocket clients, %d changes/s → publish-to-deliver", ready, b.o.wsRate()),
          String.format(
              "p50 %.1f ms, p99 %.1f ms (max %.1f, n=%s)",
              Double.parseDouble(m.group(3)),
              Double.parseDouble(m.group(4)),
              Double.parseDouble(m.group(5)),
              m.group(2)),
          "p99 ≤ 100 ms",
          String.format(
              "clients in their own process, one tenant's view each (%d tenants); %.0f changes/s"
                  + " flowed (drift healed on %d apps), %s deliveries in %d s; gateway CPU %.1f s,"
                  + " clients' process %.1f s",
              b.o.tenants(),
              rate,
              w.edits,
              m.group(1),
              b.o.wsSeconds(),
              w.gatewayCpu,
              Double.parseDouble(m.group(6))));
    }
  }

  private record Window(long changes, int edits, double gatewayCpu) {}

  /** Drifts apps so that the feed counts R changes per second; returns the measured window. */
  private static Window drive(Bench b, ChildProcess clients, double changesPerEdit)
      throws Exception {
    ExecutorService editors = Executors.newFixedThreadPool(8);
    AtomicInteger inFlight = new AtomicInteger();
    int edits = 0;
    int next = b.o.apps() / 2;
    long c0 = b.feed.changes();
    long start = System.nanoTime();
    long measureFrom = start + WARMUP_SECONDS * 1_000_000_000L;
    long end = measureFrom + b.o.wsSeconds() * 1_000_000_000L;
    boolean measuring = false;
    long changesAtMeasure = 0;
    int editsAtMeasure = 0;
    double cpuAtMeasure = 0;
    while (System.nanoTime() < end) {
      long now = System.nanoTime();
      if (!measuring && now >= measureFrom) {
        clients.tell("measure");
        measuring = true;
        changesAtMeasure = b.feed.changes();
        editsAtMeasure = edits;
        cpuAtMeasure = b.gatewayCpu();
      }
      double target = b.o.wsRate() * (now - start) / 1e9;
      double coming = inFlight.get() * changesPerEdit;
      int more = (int) Math.ceil((target - (b.feed.changes() - c0) - coming) / changesPerEdit);
      for (int k = 0; k < more && inFlight.get() < MAX_EDITS_IN_FLIGHT; k++) {
        int i = next++ % b.o.apps();
        int n = edits++;
        inFlight.incrementAndGet();
        editors.submit(
            () -> {
              try {
                b.kube
                    .drift(
                        b.layout.cluster(i),
                        b.layout.namespace(i),
                        b.layout.name(i) + "-config",
                        Manifests.versionValue(b.repos.version(i)),
                        "fanout-" + n)
                    .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                    .whenComplete((at, err) -> inFlight.decrementAndGet());
              } catch (RuntimeException e) {
                inFlight.decrementAndGet();
              }
            });
      }
      Thread.sleep(20); // the pacing tick of the change generator
    }
    long changes = b.feed.changes() - changesAtMeasure;
    double cpu = b.gatewayCpu() - cpuAtMeasure;
    clients.tell("stop");
    editors.shutdown();
    return new Window(changes, edits - editsAtMeasure, cpu);
  }
}
