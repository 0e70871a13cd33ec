package io.gitops.gateway.model;

import java.util.Objects;

/** A resolved Git commit; what was asked for (branch, tag, sha) lives in the app spec. */
public record Revision(String commit) {
  public Revision {
    Objects.requireNonNull(commit, "commit");
  }

  public String shortId() {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }

  @Override
  public String toString() {
    return commit;
  }
}
