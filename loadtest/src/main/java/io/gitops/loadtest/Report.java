package io.gitops.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The table a run prints (and writes to {@code results.md} in the work folder): the machine, the
 * scale, and one row per figure with its target.
 */
public final class Report {
  record Row(String figure, String result, String target, String notes) {}

  private final Options o;
  private final List<Row> rows = new ArrayList<>();
  private final Instant started = Instant.now();
  private final double loadAtStart = ProcStats.loadAverage();

  public Report(Options o) {
    this.o = o;
  }

  public synchronized void add(String figure, String result, String target, String notes) {
    rows.add(new Row(figure, result, target, notes));
    System.out.printf("  >> %s: %s (target %s) %s%n", figure, result, target, notes);
  }

  public synchronized String table() {
    StringBuilder b = new StringBuilder();
    b.append("gitops-gateway load test, ")
        .append(started.truncatedTo(ChronoUnit.SECONDS))
        .append('\n');
    b.append(
        String.format(
            "machine: %d cores, load average %.1f at start, %.1f at end (shared with other"
                + " processes: figures include their contention); Java %s%n",
            Runtime.getRuntime().availableProcessors(),
            loadAtStart,
            ProcStats.loadAverage(),
            System.getProperty("java.version")));
    b.append(
        String.format(
            "scale: %,d apps x %d objects (%,d objects) over %d clusters, %d tenants, %s, %d"
                + " replica(s); gateway -Xmx%s%s%n",
            o.apps(),
            o.objects(),
            (long) o.apps() * o.objects(),
            o.clusters(),
            o.tenants(),
            o.repos() == 1 ? "one monorepo" : o.repos() + " repositories",
            o.replicas(),
            o.gatewayHeap(),
            o.jfr() ? ", JFR recording on" : ""));
    b.append("\n| figure | result | target | notes |\n|---|---|---|---|\n");
    for (Row r : rows) {
      b.append("| ")
          .append(r.figure)
          .append(" | ")
          .append(r.result)
          .append(" | ")
          .append(r.target)
          .append(" | ")
          .append(r.notes)
          .append(" |\n");
    }
    return b.toString();
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, table());
  }
}
