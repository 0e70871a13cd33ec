package io.gitops.gateway.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** Lays out the demo's data folder at first start: tenant files and a real Git repository. */
final class DemoFiles {
  private DemoFiles() {}

  /**
   * Copies the shipped files whose path starts with {@code prefix} into {@code target}, unless it
   * exists.
   */
  static boolean extract(String prefix, Path target) throws IOException {
    if (Files.exists(target)) {
      return false;
    }
    for (String file : index()) {
      if (file.startsWith(prefix + "/")) {
        Path out = target.resolve(file.substring(prefix.length() + 1));
        Files.createDirectories(out.getParent());
        try (InputStream in = resource(file)) {
          Files.copy(in, out);
        }
      }
    }
    return true;
  }

  /** A Git repository (branch main) holding the shipped example manifests, made once. */
  static Path repository(Path dir) throws IOException, GitAPIException {
    if (extract("repo", dir)) {
      try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
        git.add().addFilepattern(".").call();
        git.commit()
            .setMessage("Demo applications")
            .setAuthor("demo", "demo@gitops.invalid")
            .setCommitter("demo", "demo@gitops.invalid")
            .setSign(false)
            .call();
      }
    }
    return dir;
  }

  /**
   * A kubeconfig for the demo's simulated clusters, rewritten at every start (their ports change):
   * one context per cluster, named after it, {@code dev} current. The simulated API servers take
   * anonymous requests over plain HTTP, so the user has no credentials.
   */
  static Path kubeconfig(Path file, Map<String, String> clusterUrls) throws IOException {
    StringBuilder yaml =
        new StringBuilder(
                "# Written by the gitops-gateway demo at each start: its simulated clusters\n")
            .append("apiVersion: v1\nkind: Config\nclusters:\n");
    clusterUrls.forEach(
        (name, url) ->
            yaml.append("- name: ")
                .append(name)
                .append("\n  cluster:\n    server: ")
                .append(url)
                .append('\n'));
    yaml.append("users:\n- name: demo\n  user: {}\ncontexts:\n");
    clusterUrls.forEach(
        (name, url) ->
            yaml.append("- name: ")
                .append(name)
                .append("\n  context:\n    cluster: ")
                .append(name)
                .append("\n    user: demo\n"));
    yaml.append("current-context: ").append(clusterUrls.keySet().iterator().next()).append('\n');
    Files.writeString(file, yaml.toString());
    return file;
  }

  static InputStream resource(String file) throws IOException {
    InputStream in = DemoFiles.class.getResourceAsStream("/demo/" + file);
    if (in == null) {
      throw new IOException("demo resource /demo/" + file + " is missing from the build");
    }
    return in;
  }

  private static List<String> index() throws IOException {
    try (InputStream in = resource("files.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank())
          .toList();
    }
  }
}
