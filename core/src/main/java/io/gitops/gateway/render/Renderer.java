package io.gitops.gateway.render;

import java.util.List;
import java.util.Map;

/**
 * Turns an app's path in a repository into Kubernetes objects. Pure and blocking: call it on a
 * worker thread. Thread-safe; one instance serves every app.
 */
public final class Renderer {
  private static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private final RenderLimits limits;
  private final YamlTreeReader yaml;
  private final RenderSettings settings;
  private final HelmTemplater helm;

  /**
   * Helm in this process: for tests and benchmarks of pure rendering only (nothing bounds Helm).
   */
  public Renderer(RenderLimits limits) {
    this(limits, RenderSettings.defaults(), new HelmTemplater.InProcess());
  }

  /**
   * As the gateway renders: every render stops at {@code settings.timeout()}; Helm in {@code helm}.
   */
  public Renderer(RenderLimits limits, RenderSettings settings, HelmTemplater helm) {
    this.limits = limits;
    this.yaml = new YamlTreeReader(limits);
    this.settings = settings;
    this.helm = helm;
  }

  public Renderer() {
    this(RenderLimits.defaults());
  }

  public RenderResult render(RepoFiles files, RenderRequest request) throws RenderException {
    RenderContext ctx =
        new RenderContext(files, limits, yaml, helm, RenderDeadline.start(settings));
    String path = RepoPaths.resolve(files, RepoPaths.normalize(request.path()));
    SourceType type = request.type() != null ? request.type() : detect(files, path);
    List<SourcedObject> objects =
        switch (type) {
          case DIRECTORY -> renderDirectory(ctx, path, request.directory());
          case HELM -> HelmSource.render(ctx, path, request.helm());
          case KUSTOMIZE -> new KustomizeSource(ctx).render(path);
        };
    ctx.deadline.check();
    List<Map<String, Object>> checked = ObjectChecks.check(objects, limits);
    return new RenderResult(type, checked);
  }

  /** kustomization file → Kustomize, Chart.yaml → Helm, anything else → a plain directory. */
  static SourceType detect(RepoFiles files, String dir) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    for (String name : KUSTOMIZATION_FILES) {
      if (files.size(prefix + name) >= 0) {
        return SourceType.KUSTOMIZE;
      }
    }
    return files.size(prefix + "Chart.yaml") >= 0 ? SourceType.HELM : SourceType.DIRECTORY;
  }

  /** The settings this renderer bounds renders by (the render pool's deadline uses the same). */
  public RenderSettings settings() {
    return settings;
  }

  static List<String> kustomizationFiles() {
    return KUSTOMIZATION_FILES;
  }

  private static List<SourcedObject> renderDirectory(
      RenderContext ctx, String path, DirectoryOptions options) throws RenderException {
    if (!path.isEmpty() && ctx.files.size(path) >= 0) {
      return ctx.readObjects(path); // the app points at a single manifest file
    }
    if (ctx.files.list(path).isEmpty()) {
      throw new RenderException(
          "path '" + (path.isEmpty() ? "/" : path) + "' has no files in the repository");
    }
    return DirectorySource.render(ctx, path, options);
  }
}
