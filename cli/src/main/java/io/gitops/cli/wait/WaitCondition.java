package io.gitops.cli.wait;

import java.util.Locale;

/**
 * What {@code app wait} waits for: the app at a revision (a full SHA or a prefix of 7+), with a
 * health and a sync status. Pure: judged on each state the feed sends.
 *
 * <p>Failing fast: once the revision is applied (the app is Synced at it, or its sync operation
 * succeeded), Degraded health fails the wait (unless Degraded is what was asked for); so does a
 * Failed or Error sync operation of that revision. Until then, Degraded describes objects of an
 * earlier revision (a fix being rolled out over a broken release), so it is only pending.
 *
 * @param revision null: any revision
 * @param health null: any health
 * @param sync null: any sync status
 */
public record WaitCondition(String revision, String health, String sync) {
  public WaitCondition {
    revision = revision == null ? null : revision.toLowerCase(Locale.ROOT);
  }

  public Verdict judge(AppState s) {
    boolean atRevision = revision == null || matches(s.revision());
    if (revision != null
        && matches(s.operationRevision())
        && ("Failed".equals(s.operationPhase()) || "Error".equals(s.operationPhase()))) {
      return new Verdict.Failed(
          "the sync of "
              + s.operationRevision()
              + " "
              + s.operationPhase().toLowerCase(Locale.ROOT)
              + (s.operationMessage() == null ? "" : ": " + s.operationMessage()));
    }
    boolean applied =
        "Synced".equals(s.sync())
            || (revision != null
                && matches(s.operationRevision())
                && "Succeeded".equals(s.operationPhase()));
    if (atRevision && applied && "Degraded".equals(s.health()) && !"Degraded".equals(health)) {
      return new Verdict.Failed(
          "Degraded"
              + (s.revision() == null ? "" : " at " + s.revision())
              + (s.healthMessage() == null ? "" : ": " + s.healthMessage()));
    }
    boolean healthy = health == null || health.equals(s.health());
    boolean synced = sync == null || sync.equals(s.sync());
    return atRevision && healthy && synced ? new Verdict.Met() : new Verdict.Pending();
  }

  public String describe() {
    StringBuilder d = new StringBuilder();
    if (revision != null) {
      d.append("revision ").append(revision);
    }
    if (sync != null) {
      d.append(d.isEmpty() ? "" : ", ").append(sync);
    }
    if (health != null) {
      d.append(d.isEmpty() ? "" : ", ").append(health);
    }
    return d.toString();
  }

  private boolean matches(String actual) {
    return actual != null && actual.toLowerCase(Locale.ROOT).startsWith(revision);
  }
}
