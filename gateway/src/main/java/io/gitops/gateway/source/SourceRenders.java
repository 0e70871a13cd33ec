package io.gitops.gateway.source;

import io.gitops.gateway.render.RenderCache;
import io.gitops.gateway.render.RenderException;
import io.gitops.gateway.render.RenderKey;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.RenderResult;
import io.gitops.gateway.render.Renderer;
import io.gitops.gateway.render.RepoFiles;
import io.gitops.gateway.render.SourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders keyed by what they read, not by commit. Keying by commit would re-render all 1,000 apps
 * of a monorepo on every commit; keying by the tree id of the app's path alone would miss a
 * Kustomize base in {@code ../base} or a Helm values file elsewhere. So the first render of an app
 * records every question it asks of the files ({@link RecordingFiles}); the cache key at a commit
 * is a hash of the answers at that commit. An app whose inputs did not change hits the cache and is
 * never rendered again; one whose base changed misses, even though nothing under its own path did.
 * Blocking: call on the render pool.
 */
public final class SourceRenders {
  private record Memo(String repo, RenderRequest request) {}

  private final Renderer renderer;
  private final RenderCache cache;
  private final SourceListener listener;
  private final Map<Memo, Set<String>> inputs = new ConcurrentHashMap<>();

  /**
   * The last failures by inputs (bounded: a few hundred broken apps at most are worth remembering).
   */
  private final Map<RenderKey, RenderException> failures =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RenderKey, RenderException> eldest) {
              return size() > 512;
            }
          });

  public SourceRenders(Renderer renderer, RenderCache cache, SourceListener listener) {
    this.renderer = renderer;
    this.cache = cache;
    this.listener = listener;
  }

  public RenderResult render(Snapshot snapshot, RenderRequest request) throws RenderException {
    if (snapshot.files() instanceof ChartFiles chart) {
      return renderChart(snapshot, chart, request, chart, "chart:" + chart.digest());
    }
    if (snapshot.files() instanceof RefFiles refs) {
      // Another source's files are read too: keyed by every source's revision, not by inputs.
      return refs.main() instanceof ChartFiles chart
          ? renderChart(snapshot, refs, request, chart, "refs:" + refs.identity())
          : cached(snapshot, refs, request, "refs:" + refs.identity());
    }
    if (!(snapshot.files() instanceof GitRepoFiles files)) {
      return timed(() -> renderer.render(snapshot.files(), request), request);
    }
    Memo memo = new Memo(snapshot.repoUrl(), request);
    Set<String> known = inputs.get(memo);
    if (known != null) {
      RenderKey key = key(memo, files, known);
      var hit = cache.get(key);
      if (hit.isPresent()) {
        return hit.get();
      }
      RenderException failedBefore = failures.get(key);
      if (failedBefore != null) {
        throw failedBefore; // same inputs, same error: a broken app is not rendered on every
        // reconcile
      }
    }
    RecordingFiles recording = new RecordingFiles(files);
    try {
      RenderResult result = timed(() -> renderer.render(recording, request), request);
      cache.put(key(memo, files, recording.questions()), result);
      return result;
    } catch (RenderException e) {
      failures.put(key(memo, files, recording.questions()), e);
      throw e;
    } finally {
      // Learnt even when the render fails, so a broken app is only retried when its inputs change.
      inputs.put(memo, recording.questions());
    }
  }

  /**
   * A chart from a repository renders at its folder as Helm; the archive's digest (dependencies
   * included) is the whole input, so the same chart with the same request is rendered once.
   */
  private RenderResult renderChart(
      Snapshot snapshot, RepoFiles files, RenderRequest request, ChartFiles chart, String identity)
      throws RenderException {
    RenderRequest at =
        new RenderRequest(chart.chartDir(), SourceType.HELM, request.directory(), request.helm());
    return cached(snapshot, files, at, identity);
  }

  /** Rendered once per identity and request (a failure too, until the inputs change). */
  private RenderResult cached(Snapshot snapshot, RepoFiles files, RenderRequest at, String identity)
      throws RenderException {
    RenderKey key = new RenderKey(snapshot.repoUrl(), identity, at.path(), at);
    var hit = cache.get(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    RenderException failedBefore = failures.get(key);
    if (failedBefore != null) {
      throw failedBefore;
    }
    try {
      RenderResult result = timed(() -> renderer.render(files, at), at);
      cache.put(key, result);
      return result;
    } catch (RenderException e) {
      failures.put(key, e);
      throw e;
    }
  }

  /**
   * Whether any of {@code changedPaths} can change this app's render. True when the app was never
   * rendered here (nothing is known about what it reads).
   */
  public boolean affected(String repo, RenderRequest request, Collection<String> changedPaths) {
    Set<String> known = inputs.get(new Memo(repo, request));
    return known == null || ChangedPaths.of(changedPaths).touch(known);
  }

  private interface RenderCall {
    RenderResult call() throws RenderException;
  }

  private RenderResult timed(RenderCall call, RenderRequest request) throws RenderException {
    long started = System.nanoTime();
    String type = request.type() == null ? "Unknown" : request.type().name();
    try {
      RenderResult result = call.call();
      type = result.type().name();
      return result;
    } finally {
      listener.rendered(type, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static RenderKey key(Memo memo, GitRepoFiles files, Set<String> questions) {
    return new RenderKey(
        memo.repo(),
        "inputs:" + sha256(RecordingFiles.answers(files, questions)),
        memo.request().path(),
        memo.request());
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
