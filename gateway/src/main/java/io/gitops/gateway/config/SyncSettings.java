package io.gitops.gateway.config;

import java.time.Duration;

/**
 * The sync engine's knobs, one place. {@link #defaults()} are what the gateway runs with; tests and
 * the benchmark shorten them.
 *
 * @param applyRatePerCluster writes per second per cluster (average), with bursts of {@code
 *     applyBurst}
 * @param historyRetention finished operations older than this are deleted (hourly)
 * @param cacheCatchUp how long a just-applied object whose informer copy is absent or older is
 *     taken as "cache not caught up" rather than drift
 * @param selfHealBase first self-heal backoff (doubling per heal that drift undoes again)
 * @param selfHealMax self-heal backoff cap
 * @param retryLimit retries of a failed sync (0: none)
 * @param retryBase first retry delay (doubling)
 * @param retryMax retry delay cap
 * @param waveTimeout how long a wave may take to become healthy, unless the app's {@code
 *     WaveTimeout=} sync option says otherwise
 */
public record SyncSettings(
    double applyRatePerCluster,
    int applyBurst,
    Duration historyRetention,
    Duration cacheCatchUp,
    Duration selfHealBase,
    Duration selfHealMax,
    int retryLimit,
    Duration retryBase,
    Duration retryMax,
    Duration waveTimeout) {

  public static SyncSettings defaults() {
    return new SyncSettings(
        50,
        100,
        Duration.ofDays(90),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        5,
        Duration.ofSeconds(5),
        Duration.ofMinutes(3),
        Duration.ofMinutes(5));
  }

  public SyncSettings withRetry(int limit, Duration base) {
    return new SyncSettings(
        applyRatePerCluster,
        applyBurst,
        historyRetention,
        cacheCatchUp,
        selfHealBase,
        selfHealMax,
        limit,
        base,
        retryMax,
        waveTimeout);
  }

  /**
   * The settings an operator chooses in the configuration file ({@code sync.*}); the rest keep
   * their defaults.
   */
  public SyncSettings configured(
      double ratePerCluster, int burst, Duration retention, int retries, Duration waves) {
    return new SyncSettings(
        ratePerCluster,
        burst,
        retention,
        cacheCatchUp,
        selfHealBase,
        selfHealMax,
        retries,
        retryBase,
        retryMax,
        waves);
  }
}
