package io.gitops.gateway.source;

import io.gitops.gateway.model.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * A bare mirror of one remote repository. Blocking: call only from a worker thread. A fetch takes
 * the write lock, reads take the read lock, so a read never sees a half-updated ref.
 */
final class GitMirror {
  private static final int READ_TIMEOUT_SECONDS = 60;

  private final String url;
  private final Path dir;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile Repository repository;

  GitMirror(String url, Path dir) {
    this.url = url;
    this.dir = dir;
  }

  String url() {
    return url;
  }

  boolean present() {
    return repository != null || Files.isDirectory(dir.resolve("objects"));
  }

  /** A name unique to this mirror (its folder): caches of several mirrors of one URL keep apart. */
  String id() {
    return dir.getFileName().toString();
  }

  /**
   * Clones or fetches, authenticated by {@code auth}, within {@code limits}: past the deadline or
   * over the size limit the fetch fails naming the limit, and a mirror over the size limit is
   * deleted (what is on disk stays under the limit). Returns true when any ref moved.
   */
  boolean fetch(TransportConfigCallback auth, FetchLimits limits)
      throws GitAPIException, IOException {
    lock.writeLock().lock();
    boolean cloning = !present();
    try (FetchBudget budget = FetchBudget.open(limits)) {
      TransportConfigCallback watched =
          transport -> {
            auth.configure(transport);
            budget.watch(transport);
          };
      // JGit's timeout bounds each read; the budget bounds the whole fetch
      int perRead = (int) Math.max(1, Math.min(limits.timeout().toSeconds(), READ_TIMEOUT_SECONDS));
      try {
        boolean moved = cloning ? cloned(watched, perRead) : fetched(watched, perRead);
        withinSize(limits);
        return moved;
      } catch (GitAPIException | IOException | RuntimeException e) {
        if (budget.exceeded() != null && budget.exceeded().contains("git.max-mirror-bytes")) {
          delete();
        } else if (cloning) {
          delete(); // a half-made clone would pass for a mirror next time
        }
        if (budget.exceeded() != null) {
          throw new IOException(budget.exceeded(), e);
        }
        throw e;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private boolean cloned(TransportConfigCallback auth, int timeout)
      throws GitAPIException, IOException {
    Files.createDirectories(dir.getParent());
    try (Git git =
        Git.cloneRepository()
            .setURI(url)
            .setDirectory(dir.toFile())
            .setBare(true)
            .setMirror(true)
            .setTransportConfigCallback(auth)
            .setTimeout(timeout)
            .call()) {
      repository = git.getRepository();
    }
    return true;
  }

  private boolean fetched(TransportConfigCallback auth, int timeout)
      throws GitAPIException, IOException {
    Map<String, ObjectId> before = refs();
    try (Git git = new Git(repo())) {
      git.fetch()
          .setRemote("origin")
          .setRemoveDeletedRefs(true)
          .setTransportConfigCallback(auth)
          .setTimeout(timeout)
          .call();
    }
    return !before.equals(refs());
  }

  /**
   * Measured on disk after the fetch: local and git:// transports are not counted while they run.
   */
  private void withinSize(FetchLimits limits) throws IOException {
    long size = sizeOnDisk(dir);
    if (size > limits.maxMirrorBytes()) {
      delete();
      throw new IOException(
          "the repository is larger than the limit of "
              + limits.maxMirrorBytes()
              + " bytes (git.max-mirror-bytes): its mirror ("
              + size
              + " bytes) was deleted");
    }
  }

  /**
   * Bytes of the regular files under {@code root}. JGit's background gc may remove files (its lock
   * and log files) while we walk: a file that vanished counts as nothing instead of failing the
   * fetch.
   */
  static long sizeOnDisk(Path root) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        root,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              total[0] += attrs.size();
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e)
              throws IOException {
            if (e instanceof java.nio.file.NoSuchFileException) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return total[0];
  }

  /** Removes the mirror from disk; the next fetch clones again. Holds the write lock. */
  private void delete() throws IOException {
    close();
    repository = null;
    if (!Files.exists(dir)) {
      return;
    }
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Map<String, ObjectId> refs() throws IOException {
    Map<String, ObjectId> out = new HashMap<>();
    for (Ref ref : repo().getRefDatabase().getRefs()) {
      out.put(ref.getName(), ref.getObjectId());
    }
    return out;
  }

  /** A branch, a tag, HEAD or a commit SHA, resolved to the commit it names now. */
  Revision resolve(String target) throws IOException {
    lock.readLock().lock();
    try {
      Repository repo = repo();
      for (String candidate :
          new String[] {"refs/heads/" + target, "refs/tags/" + target, target}) {
        ObjectId id = repo.resolve(candidate + "^{commit}");
        if (id != null) {
          return new Revision(id.name());
        }
      }
      throw new IOException("revision '" + target + "' not found in " + url);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The commit's subject line; empty when the mirror does not have it. */
  String subject(String commit) {
    lock.readLock().lock();
    try (RevWalk walk = new RevWalk(repo())) {
      return walk.parseCommit(ObjectId.fromString(commit)).getShortMessage();
    } catch (IOException | IllegalArgumentException e) {
      return "";
    } finally {
      lock.readLock().unlock();
    }
  }

  /** True when the commit is in the mirror (a branch deleted upstream keeps its objects here). */
  boolean has(String commit) {
    lock.readLock().lock();
    try {
      return ObjectId.isId(commit) && repo().getObjectDatabase().has(ObjectId.fromString(commit));
    } catch (IOException e) {
      return false;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * True when {@code ancestor} is reachable from {@code descendant} (a fast-forward, not a force
   * push).
   */
  boolean isAncestor(String ancestor, String descendant) {
    lock.readLock().lock();
    try (RevWalk walk = new RevWalk(repo())) {
      return walk.isMergedInto(
          walk.parseCommit(ObjectId.fromString(ancestor)),
          walk.parseCommit(ObjectId.fromString(descendant)));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } finally {
      lock.readLock().unlock();
    }
  }

  GitRepoFiles filesAt(Revision revision) throws IOException {
    lock.readLock().lock();
    try (RevWalk walk = new RevWalk(repo())) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(revision.commit()));
      return GitRepoFiles.index(repo(), commit.getTree());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Every path added, modified, removed or renamed (both names) between two commits: a diff of the
   * two trees, which never reads a blob, so it costs little even for a large monorepo.
   */
  Set<String> changedPaths(Revision from, Revision to) throws IOException {
    lock.readLock().lock();
    try (RevWalk walk = new RevWalk(repo());
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repo());
      diff.setDetectRenames(false);
      Set<String> paths = new LinkedHashSet<>();
      for (DiffEntry e :
          diff.scan(
              walk.parseCommit(ObjectId.fromString(from.commit())).getTree(),
              walk.parseCommit(ObjectId.fromString(to.commit())).getTree())) {
        if (!e.getOldPath().equals(DiffEntry.DEV_NULL)) {
          paths.add(e.getOldPath());
        }
        if (!e.getNewPath().equals(DiffEntry.DEV_NULL)) {
          paths.add(e.getNewPath());
        }
      }
      return paths;
    } finally {
      lock.readLock().unlock();
    }
  }

  private Repository repo() throws IOException {
    Repository r = repository;
    if (r == null) {
      synchronized (this) {
        if (repository == null) {
          repository =
              new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        }
        r = repository;
      }
    }
    return r;
  }

  void close() {
    Repository r = repository;
    if (r != null) {
      r.close();
    }
  }
}
