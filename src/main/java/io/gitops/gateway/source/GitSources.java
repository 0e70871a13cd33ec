package io.gitops.gateway.source;

import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.render.RenderCache;
import io.gitops.gateway.render.Renderer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * All Git repositories the gateway reads, one bare mirror each under the data folder. Fetches of
 * one repository are shared: callers that ask while a fetch runs get that same fetch. All JGit
 * work runs on the "git" worker pool, never on an event loop; different repositories fetch in
 * parallel up to the pool's size. A repository that cannot be fetched keeps serving its last good
 * mirror, and says why in {@link #withProblem}.
 */
public final class GitSources {
  private static final Logger LOG = Logger.getLogger(GitSources.class.getName());

  /** An app's view of a repository: its target, and the commit it was last rendered at (may be null). */
  public record Point(String target, String fromCommit) {}

  /** Where a target is now; {@code changedPaths} empty means unknown (treat everything as changed). */
  public record Change(Revision to, Optional<Set<String>> changedPaths) {
    public boolean moved(String fromCommit) {
      return !to.commit().equals(fromCommit);
    }
  }

  private final WorkerExecutor pool;
  private final Path dataDir;
  private final SourceOptions options;
  private final FetchSchedule schedule;
  private final SourceRenders renders;
  private final Map<String, GitMirror> mirrors = new ConcurrentHashMap<>();
  private final Map<String, Future<Void>> inflight = new ConcurrentHashMap<>();
  private final Map<String, String> lastError = new ConcurrentHashMap<>();
  private final Map<String, Revision> lastResolved = new ConcurrentHashMap<>();
  private final Map<String, String> targetGone = new ConcurrentHashMap<>();
  private final SnapshotFiles files = new SnapshotFiles(64);
  private final SnapshotFiles.Diffs diffs = new SnapshotFiles.Diffs(1024);

  public GitSources(WorkerExecutor pool, Path dataDir) {
    this(pool, dataDir, SourceOptions.defaults());
  }

  public GitSources(WorkerExecutor pool, Path dataDir, SourceOptions options) {
    this.pool = pool;
    this.dataDir = dataDir;
    this.options = options;
    this.schedule = new FetchSchedule(options.pollInterval(), options.random());
    this.renders = new SourceRenders(new Renderer(), new RenderCache(4096), options.listener());
  }

  /** Renders cached by their inputs; shared by every reconcile. */
  public SourceRenders renders() {
    return renders;
  }

  /** Fetches the repository now (shared with a fetch already running). Fails with the reason. */
  public Future<Void> fetch(String url) {
    Promise<Void> mine = Promise.promise();
    Future<Void> running = inflight.putIfAbsent(url, mine.future());
    if (running != null) {
      return running;
    }
    GitMirror mirror = mirror(url);
    long started = System.nanoTime();
    options.credentials().find(url)
        .compose(credential -> pool.<Void>executeBlocking(() -> {
          mirror.fetch(provider(credential));
          return null;
        }, false))
        .onComplete(r -> {
          inflight.remove(url, mine.future());
          reported(url, r.cause(), Duration.ofNanos(System.nanoTime() - started));
          mine.handle(r);
        });
    return mine.future();
  }

  private void reported(String url, Throwable failure, Duration took) {
    options.listener().fetched(failure == null ? "success" : "failure", took);
    if (failure == null) {
      lastError.remove(url);
      schedule.succeeded(url, Instant.now());
      return;
    }
    String reason = RepoUrls.redact(String.valueOf(failure.getMessage()));
    lastError.put(url, reason);
    Duration retry = schedule.failed(url, Instant.now());
    LOG.warning("fetch of " + RepoUrls.redact(url) + " failed (" + reason + "); retry in " + retry.toSeconds() + " s");
  }

  private static CredentialsProvider provider(Optional<RepoCredential> credential) throws IOException {
    if (credential.isEmpty()) {
      return null;
    }
    if (credential.get() instanceof RepoCredential.Https https) {
      return new UsernamePasswordCredentialsProvider(https.username(), https.password());
    }
    throw new IOException("SSH key authentication is not available in this build; use an HTTPS token");
  }

  /** Of {@code urls}, those due for a poll now (jittered interval, backoff after failures). */
  public List<String> dueForPoll(Collection<String> urls) {
    return schedule.due(Instant.now(), urls);
  }

  /** The target resolved in the local mirror, fetching first only when there is no mirror yet. */
  public Future<Snapshot> snapshot(String url, String target) {
    GitMirror mirror = mirror(url);
    Future<Void> ready = mirror.present() ? Future.succeededFuture() : fetch(url);
    return ready.compose(v -> pool.executeBlocking(() -> {
      Revision revision = resolve(mirror, target);
      return new Snapshot(url, revision, files.at(mirror, revision));
    }, false));
  }

  /**
   * Resolves the target; when it no longer exists (a branch deleted upstream) the last commit it
   * resolved to is kept, as long as the mirror still has it.
   */
  private Revision resolve(GitMirror mirror, String target) throws IOException {
    String key = mirror.url() + "\0" + target;
    try {
      Revision revision = mirror.resolve(target);
      lastResolved.put(key, revision);
      targetGone.remove(key);
      return revision;
    } catch (IOException e) {
      Revision last = lastResolved.get(key);
      if (last == null || !mirror.has(last.commit())) {
        throw e;
      }
      targetGone.put(key, e.getMessage());
      return last;
    }
  }

  /**
   * For each point, where its target is now and which paths changed since {@code fromCommit}: one
   * blocking call per repository, one tree diff per distinct pair of commits. A push that lists
   * its changed files exactly from {@code fromCommit} to the new commit saves the diff; not after a
   * force push, whose dropped commits' files the payload does not list.
   */
  public Future<Map<Point, Change>> changes(String url, Set<Point> points, Optional<PushHint> hint) {
    GitMirror mirror = mirror(url);
    return pool.executeBlocking(() -> {
      Map<Point, Change> out = new HashMap<>();
      for (Point p : points) {
        Revision to = resolve(mirror, p.target());
        Optional<Set<String>> paths = p.fromCommit() == null || !mirror.has(p.fromCommit()) ? Optional.empty()
            : p.fromCommit().equals(to.commit()) ? Optional.of(Set.of())
            : hint.filter(h -> h.covers(p.fromCommit(), to.commit()) && mirror.isAncestor(h.before(), h.after())).isPresent()
                ? Optional.of(hint.get().paths())
            : Optional.of(diffs.between(mirror, new Revision(p.fromCommit()), to));
        out.put(p, new Change(to, paths));
      }
      return out;
    }, false);
  }

  /** The status with the repository's trouble added to its message, if it has any. */
  public AppStatus withProblem(AppStatus status, String url, String target) {
    Optional<String> problem = problem(url, target);
    if (problem.isEmpty()) {
      return status;
    }
    String message = status.message().isEmpty() ? problem.get() : problem.get() + "; " + status.message();
    return new AppStatus(status.sync(), status.health(), status.healthMessage(), status.revision(), message,
        status.resources(), status.reconciledAt());
  }

  /** Why the repository is not current, in words a person can act on; empty when it is. */
  public Optional<String> problem(String url, String target) {
    String gone = targetGone.get(url + "\0" + target);
    if (gone != null) {
      Revision last = lastResolved.get(url + "\0" + target);
      return Optional.of("revision '" + target + "' is gone from the repository (" + RepoUrls.redact(gone)
          + "); keeping last good revision " + (last == null ? "?" : last.shortId()));
    }
    String error = lastError.get(url);
    if (error == null) {
      return Optional.empty();
    }
    return Optional.of("cannot fetch " + RepoUrls.redact(url) + " (failed " + schedule.failures(url) + " times, retrying with backoff): "
        + error + "; keeping the last good revision");
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
