package io.gitops.gateway.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A small pool of Helm worker processes ({@link HelmWorker}), each a child JVM on the gateway's own
 * classpath, reused across renders (starting one and loading Helm costs about a second). A render
 * that passes its deadline, its memory ({@code render.helm-memory-mb}: the worker's resident set,
 * Java and Go heaps together, watched every 50 ms) or the output limit has its worker killed: the
 * app fails with a message naming the limit, and the next render starts a fresh worker. Blocking:
 * call on a render thread, never an event loop.
 */
public final class HelmWorkers implements HelmTemplater, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HelmWorkers.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WATCH_MILLIS = 50;

  private final RenderSettings settings;
  private final List<String> command;
  private final Semaphore permits;
  private final LinkedBlockingDeque<Worker> idle = new LinkedBlockingDeque<>();
  private final Set<Worker> all = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "helm-worker-watchdog");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  public HelmWorkers(RenderSettings settings) {
    this.settings = settings;
    this.permits = new Semaphore(settings.helmWorkers(), true);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Java's heap gets half the budget (Helm's output arrives as a Java string); Go's heap is told
    // the rest as a soft limit, and the resident-set watch is the hard one.
    // The marker comes first so that ps (and tests) can tell a Helm worker by its truncated command
    // line.
    this.command =
        List.of(
            java,
            "-Dgitops.helm-worker=true",
            "-Xmx" + Math.max(64, settings.helmMemoryMb() / 2) + "m",
            "-Xss1m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-cp",
            System.getProperty("java.class.path"),
            HelmWorker.class.getName());
  }

  static String outputMessage(long maxOutputBytes) {
    return "Helm output exceeded " + maxOutputBytes + " bytes (the render's byte limit)";
  }

  private String memoryMessage() {
    return "Helm render exceeded "
        + settings.helmMemoryMb()
        + " MB of memory (render.helm-memory-mb)";
  }

  @Override
  public String template(HelmJob job, RenderDeadline deadline, long maxOutputBytes)
      throws RenderException, HelmJob.Failed {
    String timeout = settings.timeoutMessage("Helm render");
    try {
      if (!permits.tryAcquire(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS)) {
        throw new RenderException(timeout + " waiting for a free Helm worker");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RenderException("Helm render interrupted");
    }
    Worker worker = null;
    try {
      worker = takeOrStart();
      String output = worker.call(job, deadline, maxOutputBytes);
      idle.addFirst(worker);
      worker = null; // back in the pool
      return output;
    } catch (HelmJob.Failed e) {
      idle.addFirst(worker); // Helm said no; the worker is fine
      worker = null;
      throw e;
    } catch (IOException e) {
      throw new RenderException(
          worker == null
              ? "cannot start a Helm worker: " + e.getMessage()
              : worker.failure(timeout, memoryMessage(), maxOutputBytes));
    } finally {
      if (worker != null) {
        worker.kill(null);
      }
      permits.release();
    }
  }

  private Worker takeOrStart() throws IOException {
    Worker w;
    while ((w = idle.pollFirst()) != null) {
      if (w.process.isAlive()) {
        return w;
      }
      all.remove(w);
    }
    if (closed) {
      throw new IOException("the gateway is shutting down");
    }
    long started = System.nanoTime();
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("GOMEMLIMIT", Math.max(32, settings.helmMemoryMb() / 2) + "MiB");
    Worker fresh = new Worker(builder.start());
    all.add(fresh);
    LOG.fine(
        () ->
            "Helm worker "
                + fresh.process.pid()
                + " started in "
                + (System.nanoTime() - started) / 1_000_000
                + " ms");
    return fresh;
  }

  /** Workers alive now (idle or busy); for tests and metrics. */
  public int alive() {
    return (int) all.stream().filter(w -> w.process.isAlive()).count();
  }

  /** Process ids of the workers alive now; tests kill one to prove it is replaced. */
  public List<Long> pids() {
    List<Long> out = new ArrayList<>();
    all.stream().filter(w -> w.process.isAlive()).forEach(w -> out.add(w.process.pid()));
    return out;
  }

  /** Process ids of the workers rendering now (alive and not idle). */
  public List<Long> busyPids() {
    List<Long> out = new ArrayList<>();
    all.stream()
        .filter(w -> w.process.isAlive() && !idle.contains(w))
        .forEach(w -> out.add(w.process.pid()));
    return out;
  }

  @Override
  public void close() {
    closed = true;
    all.forEach(w -> w.kill(null));
    all.clear();
    idle.clear();
    watchdog.shutdownNow();
  }

  /** Why a worker was killed, so the app's message names the limit it passed. */
  private enum Limit {
    DEADLINE,
    MEMORY,
    OUTPUT
  }

  private final class Worker {
    final Process process;
    final DataOutputStream jobs;
    final DataInputStream answers;
    volatile Limit killedFor;

    Worker(Process process) {
      this.process = process;
      this.jobs = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
      this.answers = new DataInputStream(new BufferedInputStream(process.getInputStream()));
    }

    String call(HelmJob job, RenderDeadline deadline, long maxOutputBytes)
        throws IOException, HelmJob.Failed {
      ScheduledFuture<?> watch =
          watchdog.scheduleAtFixedRate(
              () -> {
                if (deadline.remainingNanos() <= 0) {
                  kill(Limit.DEADLINE);
                } else if (residentMb() > settings.helmMemoryMb()) {
                  kill(Limit.MEMORY);
                }
              },
              0,
              WATCH_MILLIS,
              TimeUnit.MILLISECONDS);
      try {
        byte[] request = JSON.writeValueAsBytes(job);
        jobs.writeInt(request.length);
        jobs.write(request);
        jobs.flush();
        int status = answers.readUnsignedByte();
        int length = answers.readInt();
        if (length < 0 || length > maxOutputBytes) {
          kill(Limit.OUTPUT);
          throw new IOException("output too large");
        }
        String body = new String(answers.readNBytes(length), StandardCharsets.UTF_8);
        if (status == HelmWorker.HELM_FAILED) {
          throw new HelmJob.Failed(body);
        }
        return body;
      } finally {
        watch.cancel(false);
      }
    }

    /**
     * The message for a worker that stopped answering: the limit it was killed for, or its death.
     */
    String failure(String timeout, String memory, long maxOutputBytes) {
      Limit limit = killedFor;
      if (limit == null) {
        kill(null);
        return "the Helm worker died during the render (it may have run out of memory: "
            + memory
            + ")";
      }
      return switch (limit) {
        case DEADLINE -> timeout;
        case MEMORY -> memory;
        case OUTPUT -> outputMessage(maxOutputBytes);
      };
    }

    void kill(Limit reason) {
      if (reason != null && killedFor == null) {
        killedFor = reason;
      }
      process.destroyForcibly();
      all.remove(this);
    }

    /**
     * Resident memory of the worker in MB from /proc (0 where there is no /proc: only the deadline
     * holds).
     */
    long residentMb() {
      try {
        for (String line :
            Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process is gone, or no /proc: nothing to measure
      }
      return 0;
    }
  }
}
