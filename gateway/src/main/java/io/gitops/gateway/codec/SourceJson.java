package io.gitops.gateway.codec;

import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppSpec.SourceType;
import io.gitops.gateway.model.DirectorySpec;
import io.gitops.gateway.model.HelmSpec;
import io.gitops.gateway.render.Globs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An app's {@code source} in Argo CD's shape: {@code repoURL}, {@code targetRevision}, {@code
 * path}, and how it renders: {@code sourceType}, {@code helm}, {@code directory}. Everything a
 * render would refuse later (a value file outside the repository, a bad glob, Helm and directory
 * options at once) is refused here, naming the field.
 */
final class SourceJson {
  private static final Set<String> FIELDS =
      Set.of(
          "repoURL", "targetRevision", "path", "sourceType", "helm", "directory", "chart", "ref");

  private SourceJson() {}

  static AppSpec.Source from(JsonObject json) {
    AppJson.onlyKnown(json, "source.", FIELDS);
    String path = AppJson.text(json, "source.path", false);
    if (path != null && (path.startsWith("/") || path.contains(".."))) {
      throw new InvalidSpecException(
          "source.path", "must be relative to the repository root and stay inside it");
    }
    SourceType type = type(AppJson.text(json, "source.sourceType", false));
    HelmSpec helm =
        json.containsKey("helm")
            ? HelmJson.from(AppJson.object(json, "source.helm", true), path)
            : null;
    DirectorySpec directory =
        json.containsKey("directory")
            ? directory(AppJson.object(json, "source.directory", true))
            : null;
    if (helm != null && (type == SourceType.DIRECTORY || type == SourceType.KUSTOMIZE)) {
      throw new InvalidSpecException(
          "source.helm", "only applies to sourceType Helm, not " + type.label());
    }
    if (directory != null
        && (type == SourceType.HELM || type == SourceType.KUSTOMIZE || helm != null)) {
      throw new InvalidSpecException(
          "source.directory", "only applies to a Directory source, not Helm or Kustomize");
    }
    String chart = AppJson.text(json, "source.chart", false);
    String revision = AppJson.text(json, "source.targetRevision", false);
    if (chart != null) {
      ChartSourceJson.check(chart, revision, path, type, directory);
    }
    String ref = AppJson.text(json, "source.ref", false);
    if (ref != null && !ref.matches("[A-Za-z0-9_-]{1,63}")) {
      throw new InvalidSpecException(
          "source.ref", "must be a name of letters, digits, '_' and '-' (at most 63)");
    }
    return new AppSpec.Source(
        AppJson.text(json, "source.repoURL", true),
        revision,
        path,
        type,
        helm,
        directory,
        chart,
        ref);
  }

  static JsonObject to(AppSpec.Source source) {
    JsonObject json =
        new JsonObject()
            .put("repoURL", source.repoUrl())
            .put("targetRevision", source.targetRevision())
            .put("path", source.path());
    if (source.chart() != null) {
      json.put("chart", source.chart());
    }
    if (source.ref() != null) {
      json.put("ref", source.ref());
    }
    if (source.type() != null) {
      json.put("sourceType", source.type().label());
    }
    if (source.helm() != null) {
      json.put("helm", HelmJson.to(source.helm()));
    }
    DirectorySpec d = source.directory();
    if (d != null) {
      JsonObject dir = new JsonObject();
      if (d.recurse() != null) {
        dir.put("recurse", d.recurse());
      }
      json.put(
          "directory",
          dir.put("include", new JsonArray(d.include()))
              .put("exclude", new JsonArray(d.exclude())));
    }
    return json;
  }

  private static SourceType type(String text) {
    if (text == null) {
      return null;
    }
    return SourceType.parse(text)
        .orElseThrow(
            () ->
                new InvalidSpecException(
                    "source.sourceType",
                    "must be Directory, Helm or Kustomize (or absent: detected), not '"
                        + text
                        + "'"));
  }

  private static DirectorySpec directory(JsonObject json) {
    AppJson.onlyKnown(json, "source.directory.", Set.of("recurse", "include", "exclude"));
    Object recurse = json.getValue("recurse");
    if (recurse != null && !(recurse instanceof Boolean)) {
      throw new InvalidSpecException("source.directory.recurse", "must be true or false");
    }
    return new DirectorySpec((Boolean) recurse, globs(json, "include"), globs(json, "exclude"));
  }

  /** Argo CD writes one glob ({@code {a,b}} for several); a list of globs is accepted too. */
  private static List<String> globs(JsonObject json, String field) {
    String at = "source.directory." + field;
    Object value = json.getValue(field);
    List<String> out = new ArrayList<>();
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (!(item instanceof String s)) {
          throw new InvalidSpecException(at, "must be a glob or a list of globs");
        }
        out.add(s);
      }
    } else if (value != null) {
      throw new InvalidSpecException(at, "must be a glob or a list of globs");
    }
    for (String glob : out) {
      try {
        if (glob.isBlank()) {
          throw new IllegalArgumentException("empty glob");
        }
        Globs.compile(
            glob); // the render stage's matcher: a glob it would refuse is a 400 now, not a failed
        // render
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException(at, "'" + glob + "' is not a valid glob: " + e.getMessage());
      }
    }
    return out;
  }
}
