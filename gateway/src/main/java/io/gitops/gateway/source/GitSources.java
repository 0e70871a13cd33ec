package io.gitops.gateway.source;

import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.render.RenderCache;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * All Git repositories the gateway reads, one bare mirror each under the data folder. Fetches of
 * one repository are shared: callers that ask while a fetch runs get that same fetch. All JGit work
 * runs on the "git" worker pool, never on an event loop; different repositories fetch in parallel
 * up to the pool's size. A repository that cannot be fetched keeps serving its last good mirror,
 * and says why in {@link #problem}.
 */
public final class GitSources {
  private static final Logger LOG = Logger.getLogger(GitSources.class.getName());

  /**
   * An app's view of a repository: its target, and the commit it was last rendered at (may be
   * null).
   */
  public record Point(String target, String fromCommit) {}

  /**
   * Where a target is now; {@code changedPaths} empty means unknown (treat everything as changed).
   */
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
  private final Map<MirrorKey, GitMirror> mirrors = new ConcurrentHashMap<>();
  private final FetchQueue<MirrorKey> fetches = new FetchQueue<>();
  private final TenantSlots slots;
  private final RepoUrlPolicy urls;
  private final Map<MirrorKey, String> lastError = new ConcurrentHashMap<>();
  private final Map<String, Revision> lastResolved = new ConcurrentHashMap<>();
  private final Map<String, String> targetGone = new ConcurrentHashMap<>();
  private final Map<String, String> subjects = new ConcurrentHashMap<>();

  /** The mirror each tenant's repository was last found to use (it changes when credentials do). */
  private final Map<TenantRepo, MirrorKey> scopes = new ConcurrentHashMap<>();

  private final HelmCharts charts;
  private final SnapshotFiles files = new SnapshotFiles(64);
  private final SnapshotFiles.Diffs diffs = new SnapshotFiles.Diffs(1024);

  public GitSources(WorkerExecutor pool, Path dataDir) {
    this(pool, dataDir, SourceOptions.defaults());
  }

  public GitSources(WorkerExecutor pool, Path dataDir, SourceOptions options) {
    this.pool = pool;
    this.dataDir = dataDir;
    this.options = options;
    this.slots = new TenantSlots(options.limits().perTenant());
    this.urls = options.urls().withDataDir(dataDir);
    this.schedule = new FetchSchedule(options.pollInterval(), options.random());
    this.renders = new SourceRenders(options.renderer(), new RenderCache(4096), options.listener());
    this.charts = new HelmCharts(pool, dataDir.resolve("charts"), options, urls, slots);
  }

  /** Renders cached by their inputs; shared by every reconcile. */
  public SourceRenders renders() {
    return renders;
  }

  /**
   * A credential found for a tenant's repository, the mirror it fetches into, and the tenant whose
   * fetch slots it uses (null: none).
   */
  private record Scoped(MirrorKey key, Optional<RepoCredential> credential, TenantId tenant) {}

  /**
   * Which URLs may be fetched: the API checks an app's URL with the same policy as the fetch does.
   */
  public RepoUrlPolicy urlPolicy() {
    return urls;
  }

  /**
   * The tenant's own credential decides the mirror: with one, the tenant's private mirror; without,
   * the shared credential-less one. Looked up on every use, so a credential stored or deleted takes
   * effect at the next fetch.
   */
  private Future<Scoped> scoped(TenantRepo repo) {
    if (repo.tenant() == null) {
      return Future.succeededFuture(
          new Scoped(MirrorKey.shared(repo.url()), Optional.empty(), null));
    }
    return options
        .credentials()
        .find(repo.tenant(), repo.url())
        .map(
            credential -> {
              MirrorKey key =
                  credential.isPresent()
                      ? new MirrorKey(repo.tenant(), repo.url())
                      : MirrorKey.shared(repo.url());
              scopes.put(repo, key);
              return new Scoped(key, credential, repo.tenant());
            });
  }

  /** The mirror last used for the repository; the shared one before the first lookup. */
  private MirrorKey keyOf(TenantRepo repo) {
    return scopes.getOrDefault(repo, MirrorKey.shared(repo.url()));
  }

  /** True when the two are served by one mirror (one fetch updates both). */
  public boolean sameMirror(TenantRepo a, TenantRepo b) {
    return keyOf(a).equals(keyOf(b));
  }

  /**
   * Fetches the tenant's repository now (shared with a fetch of the same mirror already running).
   */
  public Future<Void> fetch(TenantRepo repo) {
    if (repo.chart() != null) {
      long started = System.nanoTime();
      return charts
          .refresh(repo)
          .andThen(
              r ->
                  reported(
                      MirrorKey.shared(repo.url()),
                      r.cause(),
                      Duration.ofNanos(System.nanoTime() - started)));
    }
    return scoped(repo).compose(this::fetch);
  }

  /** Without a tenant: no credential (public repositories, tests). */
  Future<Void> fetch(String url) {
    return fetch(new Scoped(MirrorKey.shared(url), Optional.empty(), null));
  }

  private Future<Void> fetch(Scoped scoped) {
    return fetches.run(scoped.key(), () -> slots.run(scoped.tenant(), () -> fetchNow(scoped)));
  }

  private Future<Void> fetchNow(Scoped scoped) {
    MirrorKey key = scoped.key();
    Promise<Void> mine = Promise.promise();
    GitMirror mirror = mirror(key);
    long started = System.nanoTime();
    pool.<Void>executeBlocking(
            () -> {
              admitted(scoped.tenant(), key.url());
              try (GitTransportAuth auth =
                  new GitTransportAuth(scoped.credential(), dataDir.resolve(".no-ssh-home"))) {
                auth.check(key.url());
                mirror.fetch(auth, options.limits());
              } catch (org.eclipse.jgit.api.errors.TransportException e) {
                LOG.info(
                    () ->
                        "fetch of " + key + ": " + RepoUrls.redact(String.valueOf(e.getMessage())));
                throw new IOException(FetchErrors.explain(e, scoped.credential()), e);
              }
              return null;
            },
            false)
        .onComplete(
            r -> {
              reported(key, r.cause(), Duration.ofNanos(System.nanoTime() - started));
              mine.handle(r);
            });
    return mine.future();
  }

  /**
   * Before every fetch, not only when the app was written: the configuration, the tenant's files,
   * DNS and the routes to the URL may all have changed since.
   */
  private void admitted(TenantId tenant, String url) throws IOException {
    if (tenant != null && !options.sourceRepos().allows(tenant, url)) {
      throw new IOException(
          "repository URL refused: it is not among tenant " + tenant.value() + "'s sourceRepos");
    }
    try {
      urls.admit(url);
    } catch (RepoUrl.Invalid e) {
      throw new IOException("repository URL refused: " + e.getMessage());
    }
  }

  private void reported(MirrorKey key, Throwable failure, Duration took) {
    options.listener().fetched(failure == null ? "success" : "failure", took);
    if (failure == null) {
      lastError.remove(key);
      schedule.succeeded(key.identity(), Instant.now());
      return;
    }
    String reason = RepoUrls.redact(String.valueOf(failure.getMessage()));
    lastError.put(key, reason);
    Duration retry = schedule.failed(key.identity(), Instant.now());
    LOG.warning(
        "fetch of " + key + " failed (" + reason + "); retry in " + retry.toSeconds() + " s");
  }

  /**
   * Of {@code repos}, those due for a poll now (jittered interval, backoff after failures): one per
   * mirror, so repositories that share a mirror are fetched once.
   */
  public List<TenantRepo> dueForPoll(Collection<TenantRepo> repos) {
    Map<String, TenantRepo> byMirror = new java.util.LinkedHashMap<>();
    repos.forEach(r -> byMirror.putIfAbsent(keyOf(r).identity(), r));
    return schedule.due(Instant.now(), byMirror.keySet()).stream().map(byMirror::get).toList();
  }

  /**
   * The target resolved in the tenant's mirror, fetching first only when there is no mirror yet.
   */
  public Future<Snapshot> snapshot(TenantRepo repo, String target) {
    if (repo.chart() != null) {
      return charts.snapshot(repo, target);
    }
    return scoped(repo)
        .compose(
            scoped -> {
              GitMirror mirror = mirror(scoped.key());
              Future<Void> ready = mirror.present() ? Future.succeededFuture() : fetch(scoped);
              return ready.compose(
                  v ->
                      pool.executeBlocking(
                          () -> {
                            Revision revision = resolve(mirror, scoped.key(), target);
                            return new Snapshot(repo.url(), revision, files.at(mirror, revision));
                          },
                          false));
            });
  }

  /**
   * The subject line of a commit in the tenant's mirror (empty when it has no such commit), on the
   * git pool; commits never change, so each is read once.
   */
  public Future<String> commitSubject(TenantRepo repo, String commit) {
    String cacheKey = keyOf(repo).identity() + "\0" + commit;
    String known = subjects.get(cacheKey);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    GitMirror mirror = mirror(keyOf(repo));
    return pool.<String>executeBlocking(() -> mirror.present() ? mirror.subject(commit) : "", false)
        .map(
            subject -> {
              if (!subject.isEmpty()) {
                if (subjects.size() > 10_000) {
                  subjects.clear();
                }
                subjects.put(cacheKey, subject);
              }
              return subject;
            });
  }

  Future<Snapshot> snapshot(String url, String target) {
    return snapshot(TenantRepo.anonymous(url), target);
  }

  /**
   * Resolves the target; when it no longer exists (a branch deleted upstream) the last commit it
   * resolved to is kept, as long as the mirror still has it.
   */
  private Revision resolve(GitMirror mirror, MirrorKey mirrorKey, String target)
      throws IOException {
    String key = mirrorKey.identity() + "\0" + target;
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
   * blocking call per repository, one tree diff per distinct pair of commits. A push that lists its
   * changed files exactly from {@code fromCommit} to the new commit saves the diff; not after a
   * force push, whose dropped commits' files the payload does not list.
   */
  public Future<Map<Point, Change>> changes(
      TenantRepo repo, Set<Point> points, Optional<PushHint> hint) {
    if (repo.chart() != null) {
      return chartChanges(repo, points);
    }
    return scoped(repo).compose(scoped -> changes(scoped.key(), points, hint));
  }

  Future<Map<Point, Change>> changes(String url, Set<Point> points, Optional<PushHint> hint) {
    return changes(TenantRepo.anonymous(url), points, hint);
  }

  private Future<Map<Point, Change>> changes(
      MirrorKey key, Set<Point> points, Optional<PushHint> hint) {
    GitMirror mirror = mirror(key);
    return pool.executeBlocking(
        () -> {
          Map<Point, Change> out = new HashMap<>();
          for (Point p : points) {
            Revision to = resolve(mirror, key, p.target());
            Optional<Set<String>> paths =
                p.fromCommit() == null || !mirror.has(p.fromCommit())
                    ? Optional.empty()
                    : p.fromCommit().equals(to.commit())
                        ? Optional.of(Set.of())
                        : hint.filter(
                                    h ->
                                        h.covers(p.fromCommit(), to.commit())
                                            && mirror.isAncestor(h.before(), h.after()))
                                .isPresent()
                            ? Optional.of(hint.get().paths())
                            : Optional.of(diffs.between(mirror, new Revision(p.fromCommit()), to));
            out.put(p, new Change(to, paths));
          }
          return out;
        },
        false);
  }

  /** A chart's "commit" is its resolved version: a new version in range moves the app. */
  private Future<Map<Point, Change>> chartChanges(TenantRepo repo, Set<Point> points) {
    Map<Point, Change> out = new ConcurrentHashMap<>();
    List<Future<Revision>> all =
        points.stream()
            .map(
                p ->
                    charts
                        .resolve(repo, p.target())
                        .andThen(
                            r -> {
                              if (r.succeeded()) {
                                out.put(p, new Change(r.result(), Optional.empty()));
                              }
                            }))
            .toList();
    return Future.join(all).transform(r -> Future.succeededFuture(Map.copyOf(out)));
  }

  /** Why the repository is not current, in words a person can act on; empty when it is. */
  public Optional<String> problem(TenantRepo repo, String target) {
    if (repo.chart() != null) {
      return charts.problem(repo);
    }
    MirrorKey key = keyOf(repo);
    String url = repo.url();
    String gone = targetGone.get(key.identity() + "\0" + target);
    if (gone != null) {
      Revision last = lastResolved.get(key.identity() + "\0" + target);
      return Optional.of(
          "revision '"
              + target
              + "' is gone from the repository ("
              + RepoUrls.redact(gone)
              + "); keeping last good revision "
              + (last == null ? "?" : last.shortId()));
    }
    String error = lastError.get(key);
    if (error == null) {
      return Optional.empty();
    }
    return Optional.of(
        "cannot fetch "
            + RepoUrls.redact(url)
            + " (failed "
            + schedule.failures(key.identity())
            + " times, retrying with backoff): "
            + error
            + "; keeping the last good revision");
  }

  Optional<String> problem(String url, String target) {
    return problem(TenantRepo.anonymous(url), target);
  }

  private GitMirror mirror(MirrorKey key) {
    return mirrors.computeIfAbsent(
        key, k -> new GitMirror(k.url(), dataDir.resolve(folderName(k.identity()))));
  }

  /** A stable folder name per URL that cannot escape the data folder, whatever the URL holds. */
  static String folderName(String url) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12) + ".git";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public void close() {
    mirrors.values().forEach(GitMirror::close);
  }
}
