package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.DesiredSet;
import io.gitops.gateway.model.Revision;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.render.RenderResult;
import io.gitops.gateway.render.RepoFiles;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.RefFiles;
import io.gitops.gateway.source.Snapshot;
import io.gitops.gateway.source.SourceRenders;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.sync.plan.DesiredObjects;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argo CD's multi-source apps ({@code spec.sources}): each source fetched as the tenant (so each is
 * checked against its sourceRepos on every fetch), the ref sources' files mounted at {@code $ref/}
 * for the others' value files, every rendering source rendered on the fair pool, and the objects
 * joined. The revision is every source's revision in order, comma-separated (a chart's version, a
 * commit).
 */
final class MultiSourceStep {
  private final GitSources git;
  private final SourceRenders renders;
  private final FairRenderPool pool;

  MultiSourceStep(GitSources git, SourceRenders renders, FairRenderPool pool) {
    this.git = git;
    this.renders = renders;
    this.pool = pool;
  }

  Future<DesiredSet> desired(AppSpec spec) {
    TenantId tenant = spec.id().tenant();
    List<AppSpec.Source> sources = spec.sources();
    List<Future<Snapshot>> snapshots = new ArrayList<>();
    for (AppSpec.Source s : sources) {
      snapshots.add(
          git.snapshot(TenantRepo.of(tenant, s), s.targetRevision())
              .recover(
                  err ->
                      Future.failedFuture(
                          new ReconcileException(
                              "cannot read repository " + s.repoUrl() + ": " + err.getMessage()))));
    }
    return Future.all(snapshots).compose(all -> render(spec, all.list()));
  }

  private Future<DesiredSet> render(AppSpec spec, List<Snapshot> snapshots) {
    List<AppSpec.Source> sources = spec.sources();
    Map<String, RepoFiles> refs = new LinkedHashMap<>();
    List<String> revisions = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).ref() != null) {
        refs.put(sources.get(i).ref(), snapshots.get(i).files());
      }
      revisions.add(snapshots.get(i).revision().commit());
    }
    String identity = String.join(",", revisions);
    List<Future<RenderResult>> rendered = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      AppSpec.Source source = sources.get(i);
      if (!source.renders()) {
        continue;
      }
      Snapshot s = snapshots.get(i);
      Snapshot mounted =
          new Snapshot(
              s.repoUrl(), s.revision(), new RefFiles(s.files(), refs, i + ":" + identity));
      rendered.add(
          pool.submit(
              String.valueOf(spec.id().tenant()),
              () -> renders.render(mounted, RenderRequests.of(spec, source))));
    }
    Revision revision = new Revision(identity);
    return Future.all(rendered)
        .recover(
            err ->
                Future.failedFuture(new ReconcileException("ComparisonError: " + err.getMessage())))
        .map(
            all -> {
              List<java.util.Map<String, Object>> objects = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                objects.addAll(((RenderResult) all.resultAt(i)).objects());
              }
              return new DesiredSet(revision, DesiredObjects.prepare(objects, spec, revision));
            });
  }
}
