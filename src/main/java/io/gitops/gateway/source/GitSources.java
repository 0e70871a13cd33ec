package io.gitops.gateway.source;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All Git repositories the gateway reads, one bare mirror each under the data folder. Fetches of
 * one repository are shared: callers that ask while a fetch runs get that same fetch. All JGit
 * work runs on the "git" worker pool, never on an event loop.
 */
public final class GitSources {
  private final WorkerExecutor pool;
  private final Path dataDir;
  private final Map<String, GitMirror> mirrors = new ConcurrentHashMap<>();
  private final Map<String, Future<Void>> inflight = new ConcurrentHashMap<>();

  public GitSources(WorkerExecutor pool, Path dataDir) {
    this.pool = pool;
    this.dataDir = dataDir;
  }

  /** Fetches the repository now (shared with a fetch already running). */
  public Future<Void> fetch(String url) {
    return inflight.computeIfAbsent(url, u -> {
      GitMirror mirror = mirror(u);
      Future<Void> f = pool.executeBlocking(() -> {
        mirror.fetch();
        return null;
      }, false);
      f.onComplete(r -> inflight.remove(u));
      return f;
    });
  }

  /** The target resolved in the local mirror, fetching first only when there is no mirror yet. */
  public Future<Snapshot> snapshot(String url, String target) {
    GitMirror mirror = mirror(url);
    Future<Void> ready = mirror.present() ? Future.succeededFuture() : fetch(url);
    return ready.compose(v -> pool.executeBlocking(() -> {
      var revision = mirror.resolve(target);
      return new Snapshot(url, revision, mirror.filesAt(revision));
    }, false));
  }

  private GitMirror mirror(String url) {
    return mirrors.computeIfAbsent(url, u -> new GitMirror(u, dataDir.resolve(folderName(u))));
  }

  /** A stable folder name per URL that cannot escape the data folder, whatever the URL holds. */
  static String folderName(String url) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12) + ".git";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public void close() {
    mirrors.values().forEach(GitMirror::close);
  }
}
