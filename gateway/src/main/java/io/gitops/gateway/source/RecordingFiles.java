package io.gitops.gateway.source;

import io.gitops.gateway.render.RepoFiles;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A view of one commit's files that writes down every question a render asks of it: which files it
 * read, sized or checked for a symlink ("f:path", answered by the file's mode and blob id) and
 * which directories it listed ("d:dir", answered by the directory's tree id). A render is a pure
 * function of those answers, so it can be reused at any commit where every answer is the same.
 */
final class RecordingFiles implements RepoFiles {
  private final GitRepoFiles files;
  private final Set<String> questions = new TreeSet<>();

  RecordingFiles(GitRepoFiles files) {
    this.files = files;
  }

  /**
   * The questions asked so far, sorted, e.g. {@code ["d:apps/web",
   * "f:apps/web/kustomization.yaml"]}.
   */
  Set<String> questions() {
    return Set.copyOf(questions);
  }

  @Override
  public List<String> list(String dir) {
    questions.add("d:" + (dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir));
    return files.list(dir);
  }

  @Override
  public Optional<byte[]> read(String path) {
    questions.add("f:" + path);
    return files.read(path);
  }

  @Override
  public Optional<String> symlinkTarget(String path) {
    questions.add("f:" + path);
    return files.symlinkTarget(path);
  }

  @Override
  public long size(String path) {
    questions.add("f:" + path);
    return files.size(path);
  }

  /** The answers to {@code questions} at {@code at}; equal answers mean an equal render. */
  static String answers(GitRepoFiles at, Set<String> questions) {
    StringBuilder out = new StringBuilder();
    for (String q : new TreeSet<>(questions)) {
      String path = q.substring(2);
      out.append(q)
          .append('=')
          .append(q.startsWith("d:") ? at.treeId(path) : at.fileId(path))
          .append('\n');
    }
    return out.toString();
  }
}
