package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.Revision;
import java.time.Duration;

/**
 * The policy side of a reconcile: may this comparison be applied, and what to remember when it was.
 */
interface SyncGate {
  Decision decide(Comparison comparison, Revision revision);

  /**
   * Records the outcome; returns what follows from it for the status message ("" or " (retry 1/5 in
   * 5s)").
   */
  String finished(Revision revision, boolean failed, String failure);

  /**
   * @param trigger who or what the operation is recorded as triggered by
   * @param message the status message when it does not sync
   * @param recheckAfter when a later reconcile should look again (a backoff ending), or null
   */
  record Decision(boolean sync, String trigger, String message, Duration recheckAfter) {
    static Decision apply(String trigger) {
      return new Decision(true, trigger, "", null);
    }

    static Decision observe(String message) {
      return new Decision(false, null, message, null);
    }
  }
}
