package io.gitops.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real Git repository on disk (branch main) that tests commit manifests to. */
public final class TestRepo implements AutoCloseable {
  private final Path dir;
  private final Git git;

  private TestRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  public static TestRepo create(Path dir) throws GitAPIException {
    return new TestRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
  }

  public String url() {
    return "file://" + dir.toAbsolutePath();
  }

  /**
   * Writes the files (path → content; null content deletes) and commits them; returns the commit
   * id.
   */
  public String commit(String message, Map<String, String> files)
      throws IOException, GitAPIException {
    for (var e : files.entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (e.getValue() == null) {
        Files.deleteIfExists(file);
        git.rm().addFilepattern(e.getKey()).call();
      } else {
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        git.add().addFilepattern(e.getKey()).call();
      }
    }
    RevCommit commit =
        git.commit()
            .setMessage(message)
            .setAuthor("test", "test@gitops.invalid")
            .setCommitter("test", "test@gitops.invalid")
            .setSign(false)
            .call();
    return commit.getId().name();
  }

  /**
   * Deletes a folder and everything in it (e.g. to make a repository disappear under the gateway).
   */
  public static void deleteFolder(Path dir) throws IOException {
    try (var all = Files.walk(dir)) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
