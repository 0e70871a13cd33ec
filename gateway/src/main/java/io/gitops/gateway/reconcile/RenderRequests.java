package io.gitops.gateway.reconcile;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.DirectorySpec;
import io.gitops.gateway.model.HelmSpec;
import io.gitops.gateway.render.DirectoryOptions;
import io.gitops.gateway.render.HelmOptions;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.SourceType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An app's spec as a render request: its path, the type it names (Argo CD's rule, see {@link
 * AppSpec.Source#explicitType()}) and its Helm and directory options. A Helm release goes into the
 * app's destination namespace unless the spec names another, as in Argo CD; this holds for charts
 * found by detection too, so {@code .Release.Namespace} is where the objects land.
 */
final class RenderRequests {
  private RenderRequests() {}

  static RenderRequest of(AppSpec spec) {
    return of(spec, spec.source());
  }

  /** One source of a multi-source app. */
  static RenderRequest of(AppSpec spec, AppSpec.Source source) {
    return new RenderRequest(
        source.path(),
        type(source.explicitType()),
        directory(source.directory()),
        helm(source.helm(), spec.destination().namespace()));
  }

  private static SourceType type(AppSpec.SourceType type) {
    return type == null ? null : SourceType.valueOf(type.name());
  }

  private static DirectoryOptions directory(DirectorySpec d) {
    if (d == null) {
      return DirectoryOptions.defaults();
    }
    boolean recursive = d.recurse() != null ? d.recurse() : DirectoryOptions.defaults().recursive();
    return new DirectoryOptions(recursive, d.include(), d.exclude());
  }

  private static HelmOptions helm(HelmSpec h, String destinationNamespace) {
    if (h == null) {
      return new HelmOptions(null, destinationNamespace, null, null, null);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (HelmSpec.Parameter p : h.parameters()) {
      parameters.remove(
          p.name()); // a repeated name counts where it was last given, as on Helm's command line
      parameters.put(p.name(), p.value());
    }
    String namespace = h.namespace() != null ? h.namespace() : destinationNamespace;
    return new HelmOptions(h.releaseName(), namespace, h.valueFiles(), h.values(), parameters);
  }
}
