package io.gitops.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The generated repositories on disk, committed with the {@code git} command line (what a user's CI
 * does): one monorepo ({@code --repos 1}) or many, apps spread over them. The gateway fetches them
 * over {@code file://}.
 */
public final class GitRepos {
  private final Layout layout;
  private final Path root;
  private final String[] heads;
  private final int[] versions;

  private GitRepos(Layout layout, Path root) {
    this.layout = layout;
    this.root = root;
    this.heads = new String[layout.o().repos()];
    this.versions = new int[layout.o().apps()];
  }

  /** Every app's files at version 1, one commit per repository. */
  public static GitRepos generate(Layout layout, Path root) throws IOException {
    GitRepos repos = new GitRepos(layout, root);
    for (int r = 0; r < layout.o().repos(); r++) {
      Path dir = repos.dir(r);
      Files.createDirectories(dir);
      git(dir, "init", "-q", "-b", "main");
      git(dir, "config", "user.email", "loadtest@example.com");
      git(dir, "config", "user.name", "loadtest");
      git(dir, "config", "gc.auto", "0");
    }
    List<List<String>> paths = new ArrayList<>();
    for (int r = 0; r < layout.o().repos(); r++) {
      paths.add(new ArrayList<>());
    }
    for (int i = 0; i < layout.o().apps(); i++) {
      repos.versions[i] = 1;
      for (var f : Manifests.files(layout, i, 1).entrySet()) {
        repos.write(layout.repoOf(i), f.getKey(), f.getValue());
      }
    }
    for (int r = 0; r < layout.o().repos(); r++) {
      git(repos.dir(r), "add", "-A");
      git(repos.dir(r), "commit", "-q", "-m", "apps at version 1");
      repos.heads[r] = git(repos.dir(r), "rev-parse", "HEAD").trim();
    }
    return repos;
  }

  public Path root() {
    return root;
  }

  Path dir(int repo) {
    return root.resolve(layout.o().repos() == 1 ? "mono" : "r" + repo);
  }

  public String url(int repo) {
    return dir(repo).toUri().toString().replaceFirst("/$", "");
  }

  public String head(int repo) {
    return heads[repo];
  }

  public String headOfApp(int i) {
    return heads[layout.repoOf(i)];
  }

  public int version(int i) {
    return versions[i];
  }

  /** A commit on {@code repo} moving each of {@code apps} (all in that repo) to a new version. */
  public Push bump(int repo, int[] apps, String message) throws IOException {
    List<String> changed = new ArrayList<>();
    for (int i : apps) {
      if (layout.repoOf(i) != repo) {
        throw new IllegalArgumentException("app " + i + " is not in repository " + repo);
      }
      versions[i]++;
      for (Map.Entry<String, String> f : Manifests.bumped(layout, i, versions[i]).entrySet()) {
        write(repo, f.getKey(), f.getValue());
        changed.add(f.getKey());
      }
    }
    Path dir = dir(repo);
    List<String> add = new ArrayList<>(List.of("add", "--"));
    add.addAll(changed);
    git(dir, add.toArray(String[]::new));
    git(dir, "commit", "-q", "-m", message);
    String before = heads[repo];
    heads[repo] = git(dir, "rev-parse", "HEAD").trim();
    return new Push(url(repo), before, heads[repo], changed);
  }

  /** What a Git host's push webhook says: the repository, before and after, the files changed. */
  public record Push(String url, String before, String after, List<String> files) {}

  private void write(int repo, String path, String content) throws IOException {
    Path file = dir(repo).resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  static String git(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IOException("git " + String.join(" ", args) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }
}
