package io.gitops.gateway.source;

import io.gitops.gateway.render.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit read straight from Git objects, with no checkout: the tree is indexed
 * once (paths, modes, ids) and blobs are read on demand.
 */
final class GitRepoFiles implements RepoFiles {
  private record Entry(FileMode mode, ObjectId id) {}

  private final Repository repo;
  private final TreeMap<String, Entry> entries;

  /**
   * Directory path → tree id ("" is the root): a tree id changes exactly when something below it
   * does.
   */
  private final Map<String, ObjectId> trees;

  private GitRepoFiles(
      Repository repo, TreeMap<String, Entry> entries, Map<String, ObjectId> trees) {
    this.repo = repo;
    this.entries = entries;
    this.trees = trees;
  }

  static GitRepoFiles index(Repository repo, RevTree tree) throws IOException {
    TreeMap<String, Entry> entries = new TreeMap<>();
    Map<String, ObjectId> trees = new HashMap<>();
    trees.put("", tree.getId());
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(tree);
      while (walk.next()) {
        if (walk.isSubtree()) {
          trees.put(walk.getPathString(), walk.getObjectId(0));
          walk.enterSubtree();
        } else {
          entries.put(walk.getPathString(), new Entry(walk.getFileMode(0), walk.getObjectId(0)));
        }
      }
    }
    return new GitRepoFiles(repo, entries, trees);
  }

  /** Identity of a file (mode and blob id) or "-" when absent; no blob is read. */
  String fileId(String path) {
    Entry e = entries.get(path);
    return e == null ? "-" : e.mode().getBits() + ":" + e.id().name();
  }

  /** Identity of a directory's whole content (its tree id) or "-" when absent. */
  String treeId(String dir) {
    ObjectId id = trees.get(dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir);
    return id == null ? "-" : id.name();
  }

  @Override
  public List<String> list(String dir) {
    String prefix = dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (isRegular(e.getValue().mode())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  @Override
  public Optional<byte[]> read(String path) {
    Entry e = entries.get(path);
    if (e == null || !isRegular(e.mode())) {
      return Optional.empty();
    }
    return Optional.of(bytes(e.id()));
  }

  @Override
  public Optional<String> symlinkTarget(String path) {
    Entry e = entries.get(path);
    if (e == null || e.mode() != FileMode.SYMLINK) {
      return Optional.empty();
    }
    return Optional.of(new String(bytes(e.id()), StandardCharsets.UTF_8));
  }

  @Override
  public long size(String path) {
    Entry e = entries.get(path);
    if (e == null) {
      return -1;
    }
    try {
      return repo.getObjectDatabase().open(e.id()).getSize();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private byte[] bytes(ObjectId id) {
    try {
      ObjectLoader loader = repo.open(id);
      return loader.getBytes();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static boolean isRegular(FileMode mode) {
    return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
  }
}
