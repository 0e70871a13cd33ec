package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.DesiredSet;
import io.gitops.gateway.model.ResourceKey;
import io.gitops.gateway.render.RenderResult;
import io.gitops.gateway.source.GitSources;
import io.gitops.gateway.source.Snapshot;
import io.gitops.gateway.source.SourceRenders;
import io.gitops.gateway.source.TenantRepo;
import io.gitops.gateway.sync.plan.DesiredObjects;
import io.gitops.gateway.sync.plan.SyncOptionNames;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Source → render: the app's desired objects at its target revision (or an intent's fixed one). The
 * source gives a snapshot; the render, cached by what it reads (see {@link SourceRenders}) and
 * queued per tenant on the fair pool, turns it into objects; those get the app's namespace and
 * tracking labels. A failure says which of the two steps failed and why.
 */
final class RenderStep {
  private final GitSources git;
  private final SourceRenders renders;
  private final FairRenderPool pool;
  private final MultiSourceStep multi;

  RenderStep(GitSources git, SourceRenders renders, FairRenderPool pool) {
    this.git = git;
    this.renders = renders;
    this.pool = pool;
    this.multi = new MultiSourceStep(git, renders, pool);
  }

  Future<DesiredSet> desired(AppSpec spec, Intent intent) {
    if (!spec.sources().isEmpty()) {
      return multi.desired(spec);
    }
    String target = intent.revision() != null ? intent.revision() : spec.source().targetRevision();
    return git.snapshot(TenantRepo.of(spec), target)
        .recover(
            err ->
                failed(
                    "cannot read repository " + spec.source().repoUrl() + ": " + err.getMessage()))
        .compose(snapshot -> render(spec, snapshot));
  }

  private Future<DesiredSet> render(AppSpec spec, Snapshot snapshot) {
    // Queued per tenant: one tenant's flood of slow renders cannot hold the pool from another.
    Future<RenderResult> rendered =
        pool.submit(
            String.valueOf(spec.id().tenant()),
            () -> renders.render(snapshot, RenderRequests.of(spec)));
    return rendered
        .recover(err -> failed("ComparisonError: " + err.getMessage()))
        .compose(RenderStep::knownSyncOptions)
        .map(
            r ->
                new DesiredSet(
                    snapshot.revision(),
                    DesiredObjects.prepare(r.objects(), spec, snapshot.revision())));
  }

  /**
   * The objects again, without a namespace on kinds discovery now knows to be cluster-scoped: a
   * custom kind watched for the first time may only have told after the render.
   */
  static DesiredSet rescoped(DesiredSet desired) {
    return new DesiredSet(desired.revision(), DesiredObjects.rescoped(desired.objects()));
  }

  /**
   * An object in Git whose {@code argocd.argoproj.io/sync-options} names an option the gateway does
   * not know fails the comparison, naming it: nothing is synced on a guess.
   */
  private static Future<RenderResult> knownSyncOptions(RenderResult rendered) {
    for (Map<String, Object> object : rendered.objects()) {
      var problem = SyncOptionNames.objectProblem(object);
      if (problem.isPresent()) {
        return failed("ComparisonError: " + ResourceKey.of(object) + ": " + problem.get());
      }
    }
    return Future.succeededFuture(rendered);
  }

  private static <T> Future<T> failed(String message) {
    return Future.failedFuture(new ReconcileException(message));
  }
}
