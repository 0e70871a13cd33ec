package io.gitops.gateway.render;

/**
 * When one render must stop. In-process renders cannot be killed safely, so they check it at each
 * file they read (with linear-time matching and size limits, the work between two reads is small);
 * a Helm worker process is killed at it.
 */
final class RenderDeadline {
  private final long endNanos;
  private final String message;

  private RenderDeadline(long endNanos, String message) {
    this.endNanos = endNanos;
    this.message = message;
  }

  static RenderDeadline start(RenderSettings settings) {
    return new RenderDeadline(
        System.nanoTime() + settings.timeout().toNanos(), settings.timeoutMessage("render"));
  }

  long remainingNanos() {
    return endNanos - System.nanoTime();
  }

  void check() throws RenderException {
    if (remainingNanos() <= 0) {
      throw new RenderException(message);
    }
  }
}
