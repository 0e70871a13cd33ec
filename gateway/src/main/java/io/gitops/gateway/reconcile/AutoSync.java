package io.gitops.gateway.reconcile;

import io.gitops.gateway.config.SyncSettings;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.tenancy.SyncWindowCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sync decisions for one reconcile of one app. A requested sync always applies. Otherwise, with
 * automated sync: not while paused after a rollback (until Git's head moves); a revision not synced
 * yet applies; drift of a revision already synced re-applies only with selfHeal, only if its last
 * sync did not fail (retries handle failures), and only when the per-app self-heal backoff allows.
 * Every automated apply (new revision, self-heal, retry) waits for the tenant's sync windows.
 */
final class AutoSync implements SyncGate {
  /** What the loop does for a decision: side effects outside this reconcile. */
  interface Actions {
    void unpause();

    void retry(Intent intent, Duration after);

    /** Self-heal deferred for {@code wait}: count it and look again when it ends. */
    void backingOff(Duration wait);

    /**
     * A sync window holds automated sync back for {@code wait}: look again then, with {@code
     * pending} (a retry) or without.
     */
    void windowClosed(Duration wait, Intent pending);
  }

  private final AppSpec spec;
  private final Intent intent;
  private final AppSyncState state;
  private final SyncSettings settings;
  private final Actions actions;
  private final Supplier<Optional<SyncWindowCheck.Blocked>> windows;
  private boolean selfHealing;

  /** {@code windows}: what blocks an automated sync now, asked only when one would apply. */
  AutoSync(
      AppSpec spec,
      Intent intent,
      AppSyncState state,
      SyncSettings settings,
      Actions actions,
      Supplier<Optional<SyncWindowCheck.Blocked>> windows) {
    this.windows = windows;
    this.spec = spec;
    this.intent = intent;
    this.state = state;
    this.settings = settings;
    this.actions = actions;
  }

  @Override
  public Decision decide(Comparison comparison, Revision revision) {
    Instant now = Instant.now();
    if (state.pause != null
        && state.pause.headRevision() != null
        && !state.pause.headRevision().equals(revision.commit())
        && intent.revision() == null) {
      state.pause = null; // a new Git revision ends the pause a rollback set
      actions.unpause();
    }
    if (intent.syncs()) {
      return intent.automated()
          ? unlessWindowClosed(Decision.apply(intent.triggeredBy()), intent)
          : Decision.apply(intent.triggeredBy());
    }
    AppSpec.SyncPolicy policy = spec.syncPolicy();
    if (comparison.sync() == SyncStatus.SYNCED || !policy.automated()) {
      return Decision.observe("");
    }
    if (state.pause != null) {
      return Decision.observe(
          "automated sync paused: "
              + state.pause.reason()
              + "; it resumes with a new Git revision or POST .../resume-auto-sync");
    }
    if (!revision.equals(state.lastSynced)) {
      return unlessWindowClosed(
          Decision.apply("auto-sync (revision " + revision.shortId() + ")"), null);
    }
    if (!policy.selfHeal()) {
      return Decision.observe("");
    }
    if (state.lastFailed) {
      return Decision.observe(
          "last sync of " + revision.shortId() + " failed: " + state.lastFailure);
    }
    if (state.driftSeenAt == null) {
      state.driftSeenAt = now;
    }
    Optional<SyncWindowCheck.Blocked> blocked = windows.get();
    if (blocked.isPresent()) {
      return deferred(blocked.get(), null);
    }
    Duration wait = state.selfHeal.wait(now);
    if (!wait.isZero()) {
      actions.backingOff(wait);
      return new Decision(
          false,
          null,
          "self-heal backing off for "
              + wait.toSeconds()
              + "s (delay "
              + state.selfHeal.current().toSeconds()
              + "s): "
              + drifted(comparison)
              + " drifted again after "
              + state.selfHeal.streak()
              + " heal(s) in a row; another actor may be changing them",
          wait);
    }
    state.selfHeal.attempted(now);
    selfHealing = true;
    return Decision.apply("self-heal (" + drifted(comparison) + ")");
  }

  private Decision unlessWindowClosed(Decision apply, Intent pending) {
    return windows.get().map(b -> deferred(b, pending)).orElse(apply);
  }

  private Decision deferred(SyncWindowCheck.Blocked blocked, Intent pending) {
    actions.windowClosed(blocked.opensIn(), pending);
    return new Decision(false, null, blocked.message("automated sync"), blocked.opensIn());
  }

  @Override
  public String finished(Revision revision, boolean failed, String failure) {
    state.finished++;
    if (intent.revision() == null) {
      state.lastSynced = revision;
    }
    state.lastFailed = failed;
    state.lastFailure = failure;
    if (!failed) {
      state.retries = 0;
      return "";
    }
    String note = "";
    if (state.retries < settings.retryLimit()
        && failure != null
        && !failure.startsWith("the render is empty")
        && !failure.startsWith("sync refused by tenant policy")) {
      state.retries++;
      Duration delay = settings.retryBase().multipliedBy(1L << Math.min(state.retries - 1, 20));
      delay = delay.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : delay;
      String nth = "retry " + state.retries + "/" + settings.retryLimit();
      note = " (" + nth + " in " + delay.toSeconds() + "s)";
      actions.retry(
          intent.retriedAs(
              intent.syncs() ? nth + " of " + original(intent.triggeredBy()) : nth + " (gateway)"),
          delay);
    } else if (settings.retryLimit() > 0 && state.retries >= settings.retryLimit()) {
      note = " (gave up after " + state.retries + " retries)";
    }
    state.lastFailure = failure + note;
    return note;
  }

  /** "retry 2/5 of ann" → "ann": retries name who asked first, not a chain of retries. */
  private static String original(String trigger) {
    return trigger.startsWith("retry ") && trigger.contains(" of ")
        ? trigger.substring(trigger.indexOf(" of ") + 4)
        : trigger;
  }

  boolean selfHealing() {
    return selfHealing;
  }

  private static String drifted(Comparison comparison) {
    String keys =
        comparison.resources().stream()
            .filter(r -> r.sync() == SyncStatus.OUT_OF_SYNC)
            .limit(3)
            .map(ResourceStatus::key)
            .map(Object::toString)
            .collect(Collectors.joining(", "));
    return keys.isEmpty() ? "drift" : keys;
  }
}
