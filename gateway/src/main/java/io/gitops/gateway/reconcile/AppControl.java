package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.PushHint;
import io.gitops.gateway.store.OperationStore;
import io.gitops.gateway.sync.AppDeletion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the API asks of the controller. One process: the {@link ReconcileLoop} itself. Several
 * replicas: {@code replica.OwnerRouting}, which hands each request to the app's owner over the
 * clustered event bus (the owner runs it on its loop), and a Git push to every replica.
 */
public interface AppControl {
  /** Fetches the app's repository now, then reconciles; a syncing {@code intent} also applies. */
  Future<AppStatus> refresh(AppId id, Intent intent);

  /** A dry run's answer as the API shows it ({@code codec.DryRunJson}); stores nothing. */
  Future<JsonObject> dryRun(AppId id, Intent intent);

  /** Syncs to an earlier {@code revision} and pauses automated sync. */
  Future<AppStatus> rollback(AppId id, String revision, String who, boolean overrideSyncWindow);

  /** Why a user's sync of the app is refused now (a sync window), if it is. */
  Future<Optional<String>> syncWindowBlock(AppId id);

  /** Ends a pause of automated sync. */
  Future<AppStatus> resumeAutoSync(AppId id);

  /** Why automated sync is paused for the app, if it is. */
  Future<Optional<String>> pauseOf(AppId id);

  /** The per-object diffs of the app's last comparison as the API shows them (Secrets redacted). */
  Future<JsonArray> lastDiff(AppId id);

  /** A created or changed app: reconciled at once, synced if its policy is automated. */
  Future<AppStatus> upserted(App app);

  /** A deleted app leaves the loop. */
  Future<Void> removed(AppId id);

  /** Takes the app out of the loop and deletes its live objects with {@code cascade}. */
  Future<AppDeletion.Result> deleteObjects(App app, Propagation cascade);

  /** A push webhook named these repositories: per repository URL, how many apps were queued. */
  Future<Map<String, Integer>> pushed(Set<String> repoKeys, Optional<PushHint> hint);

  /** One fetch of a repository, then a reconcile of every app that reads from it. */
  Future<Void> refreshRepository(String url);

  /** False when the app surely does not exist (the API answers 404 before asking more). */
  boolean knows(AppId id);

  /**
   * True when several replicas share the apps (background work then runs on one: {@link #leads}).
   */
  default boolean replicated() {
    return false;
  }

  /** True on the one replica that runs the cluster-wide background work (app sets' controller). */
  default boolean leads() {
    return true;
  }

  /** The history of sync operations (read from the database by any replica). */
  OperationStore operations();

  /** The Git sources (their URL policy checks the API's input). */
  GitSources sources();
}
