package io.gitops.gateway.source;

import java.util.Optional;
import java.util.Set;

/**
 * A verified push: the repositories it names ({@link RepoUrls#key} form, every spelling the payload
 * gives) and, when the payload lists every changed file, a hint that saves the tree diff.
 */
public record PushEvent(String provider, Set<String> repoKeys, Optional<PushHint> hint) {
  public PushEvent {
    repoKeys = Set.copyOf(repoKeys);
  }
}
