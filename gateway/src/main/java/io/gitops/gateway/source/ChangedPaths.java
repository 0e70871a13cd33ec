package io.gitops.gateway.source;

import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The paths a push changed, indexed once for every app asking whether the push touches what its
 * render read: the changed files and every directory above them. Asking is then a set lookup per
 * recorded question instead of comparing every question with every changed path, which on a
 * 10,000-app monorepo and a 2,000-file commit took seconds of an event loop (loadtest/).
 */
record ChangedPaths(Collection<String> source, Set<String> files, Set<String> directories) {
  /**
   * Indexes built recently, by the identity of the path collection: one push's paths are asked
   * about once per app, and apps at different revisions interleave (a one-entry cache thrashed and
   * rebuilt the index per app). Bounded: cleared when full.
   */
  private static final Map<Collection<String>, ChangedPaths> RECENT = new IdentityHashMap<>();

  private static final int KEPT = 64;

  static ChangedPaths of(Collection<String> paths) {
    synchronized (RECENT) {
      ChangedPaths cached = RECENT.get(paths);
      if (cached != null) {
        return cached;
      }
    }
    Set<String> files = new HashSet<>(paths);
    Set<String> directories = new HashSet<>();
    for (String p : paths) {
      for (int slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
        if (!directories.add(p.substring(0, slash))) {
          break; // its parents are in already
        }
      }
    }
    ChangedPaths built = new ChangedPaths(paths, files, directories);
    synchronized (RECENT) {
      if (RECENT.size() >= KEPT) {
        RECENT.clear();
      }
      RECENT.put(paths, built);
    }
    return built;
  }

  /**
   * Whether a change can change the answer to one of {@code questions} (see {@link
   * RecordingFiles}): a listed directory at or above a changed path, or the very file asked about.
   */
  boolean touch(Set<String> questions) {
    for (String q : questions) {
      String path = q.substring(2);
      if (q.startsWith("d:")
          ? path.isEmpty() || files.contains(path) || directories.contains(path)
          : files.contains(path)) {
        return true;
      }
    }
    return false;
  }
}
