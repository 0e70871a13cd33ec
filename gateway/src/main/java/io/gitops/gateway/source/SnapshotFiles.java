package io.gitops.gateway.source;

import io.gitops.gateway.model.Revision;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tree index of recent commits, so that 1,000 apps reconciled at one commit index its tree
 * once, not 1,000 times; and the changed paths between recent pairs of commits. A commit never
 * changes, so entries are only evicted for room.
 */
final class SnapshotFiles {
  private final Map<String, GitRepoFiles> byCommit;

  SnapshotFiles(int max) {
    byCommit = lru(max);
  }

  GitRepoFiles at(GitMirror mirror, Revision revision) throws IOException {
    String key = mirror.id() + "\0" + revision.commit();
    synchronized (byCommit) {
      GitRepoFiles hit = byCommit.get(key);
      if (hit != null) {
        return hit;
      }
    }
    GitRepoFiles files =
        mirror.filesAt(revision); // two threads may both index: harmless, same result
    synchronized (byCommit) {
      byCommit.put(key, files);
    }
    return files;
  }

  static final class Diffs {
    private final Map<String, Set<String>> byPair;

    Diffs(int max) {
      byPair = lru(max);
    }

    Set<String> between(GitMirror mirror, Revision from, Revision to) throws IOException {
      String key = mirror.id() + "\0" + from.commit() + ".." + to.commit();
      synchronized (byPair) {
        Set<String> hit = byPair.get(key);
        if (hit != null) {
          return hit;
        }
      }
      Set<String> paths = Set.copyOf(mirror.changedPaths(from, to));
      synchronized (byPair) {
        byPair.put(key, paths);
      }
      return paths;
    }
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }
}
