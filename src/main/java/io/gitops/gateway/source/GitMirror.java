package io.gitops.gateway.source;

import io.gitops.gateway.model.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A bare mirror of one remote repository. Blocking: call only from a worker thread. A fetch takes
 * the write lock, reads take the read lock, so a read never sees a half-updated ref.
 */
final class GitMirror {
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

  void fetch() throws GitAPIException, IOException {
    lock.writeLock().lock();
    try {
      if (!present()) {
        Files.createDirectories(dir.getParent());
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setBare(true).setMirror(true).call()) {
          repository = git.getRepository();
        }
      } else {
        try (Git git = new Git(repo())) {
          git.fetch().setRemote("origin").setRemoveDeletedRefs(true).call();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** A branch, a tag, HEAD or a commit SHA, resolved to the commit it names now. */
  Revision resolve(String target) throws IOException {
    lock.readLock().lock();
    try {
      Repository repo = repo();
      for (String candidate : new String[] {"refs/heads/" + target, "refs/tags/" + target, target}) {
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

  GitRepoFiles filesAt(Revision revision) throws IOException {
    lock.readLock().lock();
    try (RevWalk walk = new RevWalk(repo())) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(revision.commit()));
      return GitRepoFiles.index(repo(), commit.getTree());
    } finally {
      lock.readLock().unlock();
    }
  }

  private Repository repo() throws IOException {
    Repository r = repository;
    if (r == null) {
      synchronized (this) {
        if (repository == null) {
          repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
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
