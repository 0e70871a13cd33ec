package io.gitops.gateway.config;

import java.time.Duration;

/**
 * The {@code render.*} keys: how long a render may run, Helm workers' memory and count, renders at
 * once. Plain values, so that {@code config} stays a leaf; the gateway turns them into render's own
 * settings.
 */
public record RenderConfig(Duration timeout, int helmMemoryMb, int helmWorkers, int concurrency) {
  public static RenderConfig defaults() {
    return new RenderConfig(Duration.ofSeconds(60), 512, 2, 2);
  }

  static RenderConfig from(ConfigSource src) {
    RenderConfig d = defaults();
    return new RenderConfig(
        Duration.ofSeconds(
            src.integer("render.timeout-seconds", (int) d.timeout().toSeconds(), 1, 3600)),
        src.integer("render.helm-memory-mb", d.helmMemoryMb(), 128, 65_536),
        src.integer("render.helm-workers", d.helmWorkers(), 1, 64),
        src.integer("render.concurrency", d.concurrency(), 1, 256));
  }
}
