package io.gitops.gateway.reconcile;

/**
 * Why a reconcile runs, and whether it may apply: one type per reason, so a reader sees which
 * combinations exist (a retry is never manual; only a rollback fixes a revision) instead of eight
 * flags. Automated syncs the gateway decides on its own (a new revision, self-heal) are not
 * intents: {@link AutoSync} decides them from an {@link Observe}.
 */
public sealed interface Intent {
  /** A look without a request to apply: a live change, a poll, a user's refresh, a recheck. */
  Intent OBSERVE = new Observe("gateway");

  /** Who or what the operation is recorded as triggered by. */
  String triggeredBy();

  /** The request's own prune and conflict choices; null keeps the app's policy. */
  record Choices(Boolean prune, Boolean force) {
    public static final Choices APP = new Choices(null, null);
  }

  /** Observes and compares; {@link AutoSync} may still apply by the app's policy. */
  record Observe(String triggeredBy) implements Intent {}

  /** A user or token asked for a sync: it applies whatever the app's policy says. */
  record Sync(String triggeredBy, Choices choices, boolean overrideSyncWindow) implements Intent {}

  /** Back to an earlier revision; automated sync pauses afterwards (see ReconcileLoop#rollback). */
  record Rollback(String triggeredBy, String revision, Choices choices, boolean overrideSyncWindow)
      implements Intent {}

  /**
   * The gateway's own sync after a failed one: automated, so the tenant's sync windows hold it
   * back. {@code of}: the user's request it repeats (a {@link Sync} or {@link Rollback}, never a
   * retry).
   */
  record Retry(String triggeredBy, Intent of) implements Intent {}

  /** A user or token asked for a sync. */
  static Intent syncBy(String who) {
    return new Sync(who, Choices.APP, false);
  }

  /** A sync with the request's own prune and conflict choices (null keeps the app's). */
  static Intent syncBy(String who, Boolean prune, Boolean force) {
    return new Sync(who, new Choices(prune, force), false);
  }

  /** Back to {@code revision}; automated sync pauses afterwards. */
  static Intent rollbackBy(String who, String revision) {
    return new Rollback(who, revision, Choices.APP, false);
  }

  /**
   * The same request, allowed to run inside a deny sync window (a user's sync or rollback only).
   */
  default Intent overridingSyncWindow() {
    if (this instanceof Sync s) {
      return new Sync(s.triggeredBy(), s.choices(), true);
    }
    if (this instanceof Rollback r) {
      return new Rollback(r.triggeredBy(), r.revision(), r.choices(), true);
    }
    return this;
  }

  /** True when this run applies whatever the comparison says. */
  default boolean syncs() {
    return !(this instanceof Observe);
  }

  /** True for the gateway's own sync (a retry), which sync windows hold back. */
  default boolean automated() {
    return this instanceof Retry;
  }

  /** True for a sync a user asked for: sync windows refuse it unless it overrides them. */
  default boolean manual() {
    return syncs() && !automated();
  }

  /** True when a user's sync runs even inside a deny sync window (and is audited as such). */
  default boolean overridesSyncWindow() {
    return this instanceof Sync s && s.overrideSyncWindow()
        || this instanceof Rollback r && r.overrideSyncWindow();
  }

  /** The request behind this run: a retry's original, else itself. */
  default Intent request() {
    return this instanceof Retry r ? r.of() : this;
  }

  /** A rollback, or a retry of one: it syncs a fixed revision and may run over a pause. */
  default boolean rollback() {
    return request() instanceof Rollback;
  }

  /** The fixed revision to sync (a rollback's), or null: the app's target revision. */
  default String revision() {
    return request() instanceof Rollback r ? r.revision() : null;
  }

  /** The request's prune and conflict choices. */
  default Choices choices() {
    Intent request = request();
    return request instanceof Sync s
        ? s.choices()
        : request instanceof Rollback r ? r.choices() : Choices.APP;
  }

  /**
   * This request, retried by the gateway as {@code who}; an observe that failed retries as a plain
   * sync.
   */
  default Intent retriedAs(String who) {
    Intent request = request();
    return new Retry(who, request instanceof Observe ? syncBy(who) : request);
  }

  /**
   * Merges two requests that collapsed into one run: a sync request is never lost, a user's wins
   * over a retry.
   */
  default Intent merge(Intent other) {
    if (syncs() && other.syncs()) {
      return automated() && !other.automated() ? other : this;
    }
    return syncs() ? this : other.syncs() ? other : this;
  }
}
