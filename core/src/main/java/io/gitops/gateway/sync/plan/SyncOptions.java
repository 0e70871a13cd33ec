package io.gitops.gateway.sync.plan;

import io.gitops.gateway.model.AppSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one sync runs. Read from the app's policy and its Argo-style {@code syncOptions}, then
 * overridden per request (a manual sync may ask for a dry run, a prune, or to override conflicts).
 *
 * <p>{@code force}: whether server-side apply takes over fields another field manager owns. The
 * default is {@code selfHeal}: an app that asks the gateway to heal drift says "Git wins", and a
 * self-heal that could not override a {@code kubectl edit} would heal nothing. Without selfHeal a
 * conflict fails the sync and names the other manager; {@code FieldConflicts=Override} (or a sync
 * request with {@code force: true}) overrides, {@code FieldConflicts=Report} never does.
 *
 * <p>{@code adoptUnlabelled} ({@code AdoptUnlabelled=true}): an object that already exists without
 * any tracking labels, in the app's own namespaces, is taken over instead of failing the sync as a
 * shared resource (see {@link Ownership}). Never another app's or tenant's labelled object.
 */
public record SyncOptions(
    boolean prune,
    boolean dryRun,
    boolean force,
    boolean allowEmpty,
    Duration waveTimeout,
    boolean adoptUnlabelled) {
  public static final Duration DEFAULT_WAVE_TIMEOUT = Duration.ofMinutes(5);

  public static SyncOptions of(AppSpec.SyncPolicy policy) {
    return of(policy, DEFAULT_WAVE_TIMEOUT);
  }

  /**
   * {@code waveTimeout}: the gateway's default ({@code sync.wave-timeout-seconds}) when the app
   * sets none.
   */
  public static SyncOptions of(AppSpec.SyncPolicy policy, Duration waveTimeout) {
    List<String> options = policy.syncOptions();
    boolean force =
        option(options, "FieldConflicts")
            .map("Override"::equalsIgnoreCase)
            .orElse(policy.selfHeal());
    boolean allowEmpty =
        policy.allowEmpty()
            || option(options, "AllowEmpty").map("true"::equalsIgnoreCase).orElse(false);
    Duration waves =
        option(options, "WaveTimeout").map(v -> seconds(v, waveTimeout)).orElse(waveTimeout);
    boolean adopt = option(options, "AdoptUnlabelled").map("true"::equalsIgnoreCase).orElse(false);
    return new SyncOptions(policy.prune(), false, force, allowEmpty, waves, adopt);
  }

  /** A request's explicit choices win over the app's; null leaves the app's. */
  public SyncOptions overriddenBy(Boolean prune, Boolean dryRun, Boolean force) {
    return new SyncOptions(
        prune == null ? this.prune : prune,
        dryRun == null ? this.dryRun : dryRun,
        force == null ? this.force : force,
        allowEmpty,
        waveTimeout,
        adoptUnlabelled);
  }

  static Optional<String> option(List<String> options, String key) {
    for (String o : options) {
      int eq = o.indexOf('=');
      if (eq > 0 && o.substring(0, eq).trim().equalsIgnoreCase(key)) {
        return Optional.of(o.substring(eq + 1).trim());
      }
    }
    return Optional.empty();
  }

  private static Duration seconds(String value, Duration fallback) {
    try {
      return Duration.ofSeconds(
          Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
