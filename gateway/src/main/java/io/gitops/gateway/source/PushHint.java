package io.gitops.gateway.source;

import java.util.Set;

/**
 * What a push webhook says changed: the branch moved from {@code before} to {@code after}, touching
 * {@code paths}. Only built when the payload lists every commit of the push (providers truncate the
 * list), otherwise the tree diff is used.
 */
public record PushHint(String before, String after, Set<String> paths) {
  public PushHint {
    paths = Set.copyOf(paths);
  }

  boolean covers(String from, String to) {
    return before.equals(from) && after.equals(to);
  }
}
