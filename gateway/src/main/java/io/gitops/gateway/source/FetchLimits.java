package io.gitops.gateway.source;

import java.time.Duration;

/**
 * What one fetch may cost: {@code timeout} for the whole fetch (JGit's own timeout is per read, so
 * a server sending a byte at a time would hold a thread for ever), {@code maxMirrorBytes} on disk
 * per mirror, and {@code perTenant} fetches of one tenant at once, so one tenant's slow servers
 * cannot take every slot of the git pool.
 */
public record FetchLimits(Duration timeout, long maxMirrorBytes, int perTenant) {
  public static FetchLimits defaults() {
    return new FetchLimits(Duration.ofSeconds(120), 1L << 30, 2);
  }
}
