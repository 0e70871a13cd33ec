package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for the Deployment, StatefulSet and DaemonSet controllers: after each spec change it
 * writes, after {@link SimulatorOptions#readyDelay()}, the status a real rollout reaches (all
 * replicas ready, or none for a bad image), and for a Deployment that cannot get ready it later
 * reports {@code ProgressDeadlineExceeded}. Work runs on one scheduler thread shared by all
 * simulated clusters, never on the mock server's event loop.
 */
final class WorkloadController {
  static final String MANAGER = "kube-controller-manager";
  private static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "simulated-controllers");
            t.setDaemon(true);
            return t;
          });

  /**
   * Writes a status computed from the current object; the function returns null to leave it alone.
   */
  interface StatusWriter {
    void writeStatus(
        ResourcePath path, ApiResource resource, Function<ObjectNode, JsonNode> status);
  }

  private final SimulatorOptions options;
  private final StatusWriter writer;
  private final Set<Future<?>> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  WorkloadController(SimulatorOptions options, StatusWriter writer) {
    this.options = options;
    this.writer = writer;
  }

  void observe(WriteResult result, boolean dryRun) {
    String kind = result.resource().kind();
    if (dryRun
        || closed
        || !result.generationChanged()
        || !KINDS.contains(kind)
        || !result.resource().group().equals("apps")) {
      return;
    }
    long generation = result.object().path("metadata").path("generation").asLong();
    schedule(options.readyDelay(), () -> reconcile(result, generation, false));
    if (kind.equals("Deployment") && WorkloadStatus.hasBadImage(result.object())) {
      long seconds = result.object().path("spec").path("progressDeadlineSeconds").asLong(600);
      Duration deadline =
          Duration.ofSeconds(seconds).compareTo(options.progressDeadline()) < 0
              ? Duration.ofSeconds(seconds)
              : options.progressDeadline();
      Duration at = deadline.compareTo(options.readyDelay()) > 0 ? deadline : options.readyDelay();
      schedule(at, () -> reconcile(result, generation, true));
    }
  }

  private void reconcile(WriteResult result, long generation, boolean deadlineExceeded) {
    // A newer spec has its own tasks; this one only speaks for the generation it was scheduled for.
    writer.writeStatus(
        result.path(),
        result.resource(),
        current ->
            current.path("metadata").path("generation").asLong() != generation
                ? null
                : WorkloadStatus.of(result.resource().kind(), current, deadlineExceeded));
  }

  private void schedule(Duration delay, Runnable task) {
    Future<?>[] self = new Future<?>[1];
    self[0] =
        SCHEDULER.schedule(
            () -> {
              try {
                if (!closed) {
                  task.run();
                }
              } finally {
                pending.remove(self[0]);
              }
            },
            delay.toNanos(),
            TimeUnit.NANOSECONDS);
    pending.add(self[0]);
    if (self[0].isDone()) {
      pending.remove(self[0]);
    }
  }

  void close() {
    closed = true;
    pending.forEach(f -> f.cancel(false));
    pending.clear();
  }
}
