package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.AppId;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Which apps this replica reconciles, and the fence on every write it makes for them. One process
 * owns everything ({@link #SINGLE}); with several replicas ({@code replica.PartitionOwnership}) the
 * cluster manager places each app on one member, the member claims it in PostgreSQL by bumping the
 * app's epoch, and {@link #check} fails once another member has claimed it since: a replica that
 * paused and lost an app writes nothing for it afterwards, neither to a cluster nor to the
 * database.
 */
public interface Ownership {
  /** This replica's name in logs, operation messages and {@code app_owners.owner}. */
  String replica();

  /** True when placement gives the app to this replica now (a claim may still be pending). */
  boolean placedHere(AppId id);

  /** Claims the apps for this replica (their epochs bumped); returns those claimed (existing). */
  Future<Set<AppId>> claim(Collection<AppId> ids);

  /** Lets go of an app this replica no longer reconciles. */
  void release(AppId id);

  /** Succeeds while this replica's claim on the app stands; fails with {@link Lost} after. */
  Future<Void> check(AppId id);

  /** Runs {@code action} (on any thread) whenever placement may have changed. */
  void onChange(Runnable action);

  /** The claim on an app was taken by another replica: nothing may be written for it here. */
  final class Lost extends ReconcileException {
    public Lost(AppId id, String replica) {
      super("replica " + replica + " no longer owns " + id + ": another replica claimed it");
    }
  }

  /** One process: every app is its own, no claims, no fence. */
  Ownership SINGLE =
      new Ownership() {
        @Override
        public String replica() {
          return "single";
        }

        @Override
        public boolean placedHere(AppId id) {
          return true;
        }

        @Override
        public Future<Set<AppId>> claim(Collection<AppId> ids) {
          return Future.succeededFuture(Set.copyOf(ids));
        }

        @Override
        public void release(AppId id) {}

        @Override
        public Future<Void> check(AppId id) {
          return Future.succeededFuture();
        }

        @Override
        public void onChange(Runnable action) {}
      };
}
