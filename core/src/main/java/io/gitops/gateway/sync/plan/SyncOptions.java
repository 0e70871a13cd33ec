package io.gitops.gateway.sync.plan;

import io.gitops.gateway.diff.IgnoreRule;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.WriteMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Argo CD's options, by its names ({@link SyncOptionNames} lists them all): {@code writes} from
 * {@code ServerSideApply}, {@code Replace} and {@code Validate} (an object's own annotation may
 * change them, {@link #writesFor}); {@code propagation} from {@code PrunePropagationPolicy}
 * (foreground unless set, as Argo CD); {@code createNamespace} from {@code CreateNamespace=true};
 * {@code respectIgnoreDifferences}: fields the app ignores keep their live values when an object is
 * applied. {@code PruneLast=true} and {@code ApplyOutOfSyncOnly=true} are how every sync here runs
 * (prunes after the last wave; only what differs is written).
 */
public record SyncOptions(
    boolean prune,
    boolean dryRun,
    boolean force,
    boolean allowEmpty,
    Duration waveTimeout,
    boolean adoptUnlabelled,
    WriteMode writes,
    Propagation propagation,
    boolean createNamespace,
    boolean respectIgnoreDifferences,
    List<IgnoreRule> respected) {
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
    boolean allowEmpty = policy.allowEmpty() || flag(options, "AllowEmpty").orElse(false);
    Duration waves =
        option(options, "WaveTimeout").map(v -> seconds(v, waveTimeout)).orElse(waveTimeout);
    boolean adopt = flag(options, "AdoptUnlabelled").orElse(false);
    Propagation propagation =
        option(options, "PrunePropagationPolicy")
            .map(Propagation::parse)
            .orElse(Propagation.FOREGROUND);
    return new SyncOptions(
        policy.prune(),
        false,
        force,
        allowEmpty,
        waves,
        adopt,
        writeMode(options),
        propagation == null ? Propagation.FOREGROUND : propagation,
        flag(options, "CreateNamespace").orElse(false),
        flag(options, "RespectIgnoreDifferences").orElse(false),
        List.of());
  }

  /** A request's explicit choices win over the app's; null leaves the app's. */
  public SyncOptions overriddenBy(Boolean prune, Boolean dryRun, Boolean force) {
    return new SyncOptions(
        prune == null ? this.prune : prune,
        dryRun == null ? this.dryRun : dryRun,
        force == null ? this.force : force,
        allowEmpty,
        waveTimeout,
        adoptUnlabelled,
        writes,
        propagation,
        createNamespace,
        respectIgnoreDifferences,
        respected);
  }

  /**
   * With {@code RespectIgnoreDifferences=true}, the app's ignoreDifferences whose fields keep their
   * live values when an object is applied; otherwise these options unchanged.
   */
  public SyncOptions respecting(List<AppSpec.IgnoreDifference> ignored) {
    if (!respectIgnoreDifferences || ignored.isEmpty()) {
      return this;
    }
    return new SyncOptions(
        prune,
        dryRun,
        force,
        allowEmpty,
        waveTimeout,
        adoptUnlabelled,
        writes,
        propagation,
        createNamespace,
        true,
        ignored.stream().map(IgnoreRule::of).toList());
  }

  /** What the app's options say about writing, before an object's own annotation. */
  static WriteMode writeMode(List<String> appOptions) {
    return new WriteMode(
        flag(appOptions, "ServerSideApply").orElse(true),
        flag(appOptions, "Replace").orElse(false),
        false,
        flag(appOptions, "Validate").orElse(true));
  }

  /** How this object is written: the app's options with its own {@code sync-options} on top. */
  public WriteMode writesFor(Map<String, Object> object) {
    List<String> own = ObjectSyncOptions.of(object);
    if (own.isEmpty()) {
      return writes;
    }
    return new WriteMode(
        flag(own, "ServerSideApply").orElse(writes.serverSideApply()),
        flag(own, "Replace").orElse(writes.replace()),
        flag(own, "Force").orElse(writes.force()),
        flag(own, "Validate").orElse(writes.validate()));
  }

  /** A {@code Key=true|false} option; empty when absent or neither. */
  static Optional<Boolean> flag(List<String> options, String key) {
    return option(options, key)
        .filter(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))
        .map(Boolean::parseBoolean);
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
