package io.gitops.cli.wait;

/** What {@link WaitCondition} makes of one state. */
public sealed interface Verdict {
  /** The condition holds. */
  record Met() implements Verdict {}

  /** It cannot hold any more without a new commit or sync: Degraded, or the sync failed. */
  record Failed(String reason) implements Verdict {}

  /** Not yet. */
  record Pending() implements Verdict {}
}
