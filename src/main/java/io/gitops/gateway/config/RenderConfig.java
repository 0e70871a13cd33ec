package io.gitops.gateway.config;

import io.gitops.gateway.render.RenderSettings;
import java.time.Duration;

/** The {@code render.*} keys: how long a render may run, Helm workers' memory and count, renders at once. */
final class RenderConfig {
  private RenderConfig() {}

  static RenderSettings from(ConfigSource src) {
    RenderSettings d = RenderSettings.defaults();
    return new RenderSettings(
        Duration.ofSeconds(src.integer("render.timeout-seconds", (int) d.timeout().toSeconds(), 1, 3600)),
        src.integer("render.helm-memory-mb", d.helmMemoryMb(), 128, 65_536),
        src.integer("render.helm-workers", d.helmWorkers(), 1, 64),
        src.integer("render.concurrency", d.concurrency(), 1, 256));
  }
}
