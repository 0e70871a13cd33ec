package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.PushHint;
import io.gitops.gateway.source.RepoUrls;
import io.gitops.gateway.source.SourceRenders;
import io.gitops.gateway.source.TenantRepo;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Git → which apps to reconcile: a poll tick, a push webhook, a request to refresh a repository.
 * One fetch per repository (per mirror: tenants with their own credential have their own), then
 * only the apps the new commits can have changed are queued, so a commit touching 1,000 apps costs
 * one fetch and the renders it affects. Runs on the loop's context.
 */
final class GitTriggers {
  private final GitSources git;
  private final SourceRenders renders;
  private final AppRegistry registry;
  private final Function<AppId, Future<AppStatus>> queue;
  private final Set<TenantRepo> failingRepos = new HashSet<>();

  GitTriggers(
      GitSources git,
      SourceRenders renders,
      AppRegistry registry,
      Function<AppId, Future<AppStatus>> queue) {
    this.git = git;
    this.renders = renders;
    this.registry = registry;
    this.queue = queue;
  }

  /** A tick: each repository's own jittered schedule decides whether it is due (see GitSources). */
  void poll() {
    // Per tenant: each fetches with its own credential (repositories without one share a mirror).
    git.dueForPoll(repos())
        .forEach(
            repo ->
                git.fetch(repo).transform(r -> afterFetch(repo, r.succeeded(), Optional.empty())));
  }

  /**
   * A push webhook named these repositories ({@link RepoUrls#key} form): fetch each now and queue
   * only the apps the push can have changed. Returns, per repository URL as apps spell it, how many
   * apps were queued.
   */
  Future<Map<String, Integer>> pushed(Set<String> repoKeys, Optional<PushHint> hint) {
    Map<String, Integer> queued = new ConcurrentHashMap<>();
    List<Future<Integer>> all =
        repos().stream()
            .filter(repo -> repoKeys.contains(RepoUrls.key(repo.url())))
            .map(
                repo ->
                    git.fetch(repo)
                        .transform(r -> afterFetch(repo, r.succeeded(), hint))
                        .andThen(n -> queued.merge(repo.url(), n.result(), Integer::sum)))
            .toList();
    return Future.join(all).transform(done -> Future.succeededFuture(Map.copyOf(queued)));
  }

  /** One fetch of a repository, then a reconcile of every app that reads from it. */
  Future<Void> refreshRepository(String url) {
    List<App> ofRepo =
        registry.all().stream().filter(a -> a.spec().source().repoUrl().equals(url)).toList();
    List<Future<Void>> fetches =
        ofRepo.stream().map(a -> TenantRepo.of(a.spec())).distinct().map(git::fetch).toList();
    return Future.join(fetches)
        .transform(
            r -> {
              ofRepo.forEach(a -> queue.apply(a.id()));
              return r.failed() ? Future.failedFuture(r.cause()) : Future.succeededFuture();
            });
  }

  private List<TenantRepo> repos() {
    return registry.all().stream().map(a -> TenantRepo.of(a.spec())).distinct().toList();
  }

  /**
   * After a fetch: queues the apps whose render inputs changed (see {@link SourceRenders#affected})
   * and those whose last reconcile failed; every app of the repository when its fetch starts or
   * stops failing, so their status shows it.
   */
  private Future<Integer> afterFetch(TenantRepo repo, boolean ok, Optional<PushHint> hint) {
    List<App> ofRepo =
        registry.all().stream().filter(a -> git.sameMirror(repo, TenantRepo.of(a.spec()))).toList();
    boolean flipped = ok ? failingRepos.remove(repo) : failingRepos.add(repo);
    if (!ok || flipped) {
      ofRepo.forEach(a -> queue.apply(a.id()));
      return Future.succeededFuture(flipped ? ofRepo.size() : 0);
    }
    Set<GitSources.Point> points =
        ofRepo.stream().map(GitTriggers::point).collect(Collectors.toSet());
    return git.changes(repo, points, hint)
        .map(
            changes -> {
              int n = 0;
              for (App a : ofRepo) {
                if (changed(repo, a, changes.get(point(a))) || troubled(a)) {
                  queue.apply(a.id());
                  n++;
                }
              }
              return n;
            });
  }

  private boolean changed(TenantRepo repo, App app, GitSources.Change change) {
    return change == null
        || change.moved(app.status().revision())
            && change
                .changedPaths()
                .map(paths -> renders.affected(repo.url(), RenderRequests.of(app.spec()), paths))
                .orElse(true);
  }

  private boolean troubled(App app) {
    return app.status().sync() == SyncStatus.UNKNOWN
        || git.problem(TenantRepo.of(app.spec()), app.spec().source().targetRevision()).isPresent();
  }

  private static GitSources.Point point(App app) {
    return new GitSources.Point(app.spec().source().targetRevision(), app.status().revision());
  }
}
