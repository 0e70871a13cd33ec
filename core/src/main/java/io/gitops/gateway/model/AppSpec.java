package io.gitops.gateway.model;

import java.util.List;
import java.util.Objects;

/**
 * What a tenant asks for: render this path of this repo at this revision into that place, and leave
 * alone the differences it says are not drift.
 */
public record AppSpec(
    AppId id,
    Source source,
    Destination destination,
    SyncPolicy syncPolicy,
    List<IgnoreDifference> ignoreDifferences,
    List<Source> sources) {

  /**
   * {@code sources} is Argo CD's {@code spec.sources}: empty for a one-source app; otherwise every
   * source, and {@code source} is the first one that renders (a chart, or not a mere {@code ref}).
   */
  public AppSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    syncPolicy = syncPolicy == null ? SyncPolicy.MANUAL : syncPolicy;
    ignoreDifferences = ignoreDifferences == null ? List.of() : List.copyOf(ignoreDifferences);
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public AppSpec(
      AppId id,
      Source source,
      Destination destination,
      SyncPolicy syncPolicy,
      List<IgnoreDifference> ignoreDifferences) {
    this(id, source, destination, syncPolicy, ignoreDifferences, List.of());
  }

  /** Every source of the app: {@code sources}, or the one {@code source}. */
  public List<Source> allSources() {
    return sources.isEmpty() ? List.of(source) : sources;
  }

  public AppSpec(AppId id, Source source, Destination destination, SyncPolicy syncPolicy) {
    this(id, source, destination, syncPolicy, List.of());
  }

  /**
   * Argo CD's {@code ignoreDifferences} entry: for objects of this group/kind (and name/namespace
   * when given), these JSON pointers, JQ-like paths, or fields owned by these managers (an HPA's
   * {@code spec.replicas}) are not drift.
   */
  public record IgnoreDifference(
      String group,
      String kind,
      String namespace,
      String name,
      List<String> jsonPointers,
      List<String> jqPathExpressions,
      List<String> managedFieldsManagers) {
    public IgnoreDifference {
      jsonPointers = jsonPointers == null ? List.of() : List.copyOf(jsonPointers);
      jqPathExpressions = jqPathExpressions == null ? List.of() : List.copyOf(jqPathExpressions);
      managedFieldsManagers =
          managedFieldsManagers == null ? List.of() : List.copyOf(managedFieldsManagers);
    }
  }

  /**
   * {@code targetRevision}: a branch, a tag or a commit SHA; {@code path} "" is the repo root.
   * {@code type} null means detect it from the files; {@code helm} and {@code directory} are Argo
   * CD's per-type options, null when not given. {@code chart} (Argo CD's {@code source.chart})
   * makes {@code repoUrl} a Helm chart repository or an {@code oci://} registry and {@code
   * targetRevision} a chart version or range; null for Git. {@code ref} names the source for {@code
   * $ref/path} value files of another source (multi-source apps), null when unnamed.
   */
  public record Source(
      String repoUrl,
      String targetRevision,
      String path,
      SourceType type,
      HelmSpec helm,
      DirectorySpec directory,
      String chart,
      String ref) {
    public Source {
      Objects.requireNonNull(repoUrl, "repoUrl");
      targetRevision = targetRevision == null || targetRevision.isBlank() ? "HEAD" : targetRevision;
      path = path == null ? "" : path;
    }

    public Source(
        String repoUrl,
        String targetRevision,
        String path,
        SourceType type,
        HelmSpec helm,
        DirectorySpec directory) {
      this(repoUrl, targetRevision, path, type, helm, directory, null, null);
    }

    /** A chart from a Helm repository or an OCI registry rather than files in Git. */
    public boolean isChart() {
      return chart != null;
    }

    /**
     * Whether this source renders objects: a chart, or a Git path; a source with a {@code ref} and
     * no path only lends its files to another source's {@code $ref/...} value files.
     */
    public boolean renders() {
      return chart != null || ref == null || !(path.isEmpty() || path.equals("."));
    }

    public Source(String repoUrl, String targetRevision, String path) {
      this(repoUrl, targetRevision, path, null, null, null);
    }

    /**
     * Argo CD's rule: the type given, else the type whose options are given ({@code helm} → Helm,
     * {@code directory} → Directory), else null (detect from the files).
     */
    public SourceType explicitType() {
      if (chart != null) {
        return SourceType.HELM;
      }
      if (type != null) {
        return type;
      }
      if (helm != null) {
        return SourceType.HELM;
      }
      return directory != null ? SourceType.DIRECTORY : null;
    }
  }

  /** How a source renders, spelled as Argo CD's {@code status.sourceType}. */
  public enum SourceType {
    DIRECTORY("Directory"),
    HELM("Helm"),
    KUSTOMIZE("Kustomize");

    private final String label;

    SourceType(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Case-insensitive; empty when the text names no type. */
    public static java.util.Optional<SourceType> parse(String text) {
      for (SourceType t : values()) {
        if (t.label.equalsIgnoreCase(text)) {
          return java.util.Optional.of(t);
        }
      }
      return java.util.Optional.empty();
    }
  }

  /** Objects without a namespace of their own go into {@code namespace}. */
  public record Destination(ClusterId cluster, String namespace) {
    public Destination {
      Objects.requireNonNull(cluster, "cluster");
      namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    }
  }

  /**
   * Argo CD's sync policy: {@code allowEmpty} lets an automated prune delete every object when a
   * render comes back empty; {@code syncOptions} are Argo-style {@code Key=Value} strings (see
   * {@code sync.SyncOptions} for the ones the gateway reads).
   */
  public record SyncPolicy(
      boolean automated,
      boolean prune,
      boolean selfHeal,
      boolean allowEmpty,
      java.util.List<String> syncOptions) {
    public static final SyncPolicy MANUAL = new SyncPolicy(false, false, false);

    public SyncPolicy {
      syncOptions = syncOptions == null ? java.util.List.of() : java.util.List.copyOf(syncOptions);
    }

    public SyncPolicy(boolean automated, boolean prune, boolean selfHeal) {
      this(automated, prune, selfHeal, false, java.util.List.of());
    }
  }
}
