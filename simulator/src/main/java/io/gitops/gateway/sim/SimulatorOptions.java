package io.gitops.gateway.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated controllers behave.
 *
 * @param readyDelay how long after a Deployment, StatefulSet or DaemonSet changes its replicas
 *     report ready (or, for a bad image, report not ready)
 * @param progressDeadline the longest a rollout with a bad image waits before the Deployment
 *     reports {@code Progressing=False ProgressDeadlineExceeded}; the object's own {@code
 *     spec.progressDeadlineSeconds} applies when it is shorter
 */
public record SimulatorOptions(Duration readyDelay, Duration progressDeadline) {
  public SimulatorOptions {
    Objects.requireNonNull(readyDelay, "readyDelay");
    Objects.requireNonNull(progressDeadline, "progressDeadline");
    if (readyDelay.isNegative() || progressDeadline.isNegative()) {
      throw new IllegalArgumentException("simulator delays must not be negative");
    }
  }

  /** 200 ms to ready, 2 s to a progress deadline: quick enough for tests and a lively demo. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  public SimulatorOptions withReadyDelay(Duration delay) {
    return new SimulatorOptions(delay, progressDeadline);
  }

  public SimulatorOptions withProgressDeadline(Duration deadline) {
    return new SimulatorOptions(readyDelay, deadline);
  }
}
