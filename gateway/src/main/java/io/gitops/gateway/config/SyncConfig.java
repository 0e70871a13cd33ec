package io.gitops.gateway.config;

import java.time.Duration;

/**
 * The {@code sync.*} keys: how hard the sync engine may write to a cluster, how long it keeps
 * history, how often it retries and how long a wave may take. Each bad value names its key.
 */
final class SyncConfig {
  private SyncConfig() {}

  static SyncSettings from(ConfigSource src) {
    SyncSettings d = SyncSettings.defaults();
    double rate =
        decimal(src, "sync.apply-rate-per-cluster", d.applyRatePerCluster(), 0.1, 100_000);
    int burst = src.integer("sync.apply-burst", d.applyBurst(), 1, 1_000_000);
    int retentionDays =
        src.integer("sync.history-retention-days", (int) d.historyRetention().toDays(), 1, 36_500);
    int retries = src.integer("sync.retry-limit", d.retryLimit(), 0, 100);
    int waveSeconds =
        src.integer("sync.wave-timeout-seconds", (int) d.waveTimeout().toSeconds(), 1, 86_400);
    return d.configured(
        rate, burst, Duration.ofDays(retentionDays), retries, Duration.ofSeconds(waveSeconds));
  }

  private static double decimal(
      ConfigSource src, String key, double fallback, double min, double max) {
    String value = src.string(key, null);
    if (value == null) {
      return fallback;
    }
    double n;
    try {
      n = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a number, got '" + value + "'");
    }
    if (!(n >= min && n <= max)) {
      throw new ConfigException(
          key, "must be between " + min + " and " + max + ", got " + value.trim());
    }
    return n;
  }
}
