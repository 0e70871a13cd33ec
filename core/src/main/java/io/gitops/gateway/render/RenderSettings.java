package io.gitops.gateway.render;

import java.time.Duration;

/**
 * How much one render may take, and how renders share the machine ({@code render.*} keys).
 *
 * @param timeout longest one render may run ({@code render.timeout-seconds}); past it the app fails
 *     and its slot is given to the next render
 * @param helmMemoryMb most memory (resident set, Java and Helm's Go heap together) of one Helm
 *     worker process ({@code render.helm-memory-mb}); past it the worker is killed and the app
 *     fails
 * @param helmWorkers Helm worker processes kept for reuse ({@code render.helm-workers})
 * @param concurrency renders running at once, shared round-robin across tenants ({@code
 *     render.concurrency})
 */
public record RenderSettings(Duration timeout, int helmMemoryMb, int helmWorkers, int concurrency) {
  public static RenderSettings defaults() {
    return new RenderSettings(Duration.ofSeconds(60), 512, 2, 2);
  }

  /** The message of a render stopped at its deadline, naming the limit and its key. */
  public String timeoutMessage(String what) {
    return what + " exceeded " + timeout.toSeconds() + " s (render.timeout-seconds)";
  }
}
