package io.gitops.gateway.codec;

import io.gitops.gateway.model.AppSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Argo CD's {@code spec.sources}: several sources, each checked as a {@code source} is (errors name
 * {@code sources[i].…}); {@code ref} names a Git source whose files other sources' value files
 * reach as {@code $ref/path}. A {@code $ref} nobody defines, a repeated ref, or no source that
 * renders is a 400 naming the field.
 */
final class SourcesJson {
  static final int MAX_SOURCES = 20;

  private SourcesJson() {}

  /** The sources given; empty when the app has one {@code source}. */
  static List<AppSpec.Source> from(JsonObject json) {
    Object value = json.getValue("sources");
    if (value == null) {
      Object single = json.getValue("source");
      if (single instanceof JsonObject s && s.getValue("ref") != null) {
        throw new InvalidSpecException("source.ref", "only goes with sources (several sources)");
      }
      return List.of();
    }
    if (json.getValue("source") != null) {
      throw new InvalidSpecException("sources", "give source or sources, not both");
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_SOURCES) {
      throw new InvalidSpecException(
          "sources", "must be a list of 1 to " + MAX_SOURCES + " sources");
    }
    List<AppSpec.Source> out = new ArrayList<>();
    Set<String> refs = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "sources[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new InvalidSpecException(at, "must be an object");
      }
      AppSpec.Source source;
      try {
        source = SourceJson.from(entry);
      } catch (InvalidSpecException e) {
        String reason = e.getMessage().substring(e.field().length() + 2);
        throw new InvalidSpecException(e.field().replaceFirst("^source", at), reason);
      }
      if (source.ref() != null && (!refs.add(source.ref()) || source.isChart())) {
        throw new InvalidSpecException(
            at + ".ref", "must be unique and name a Git source (not a chart)");
      }
      out.add(source);
    }
    checkRefs(out, refs);
    primary(out);
    return out;
  }

  /** Every {@code $ref/…} value file names a ref of these sources. */
  private static void checkRefs(List<AppSpec.Source> sources, Set<String> refs) {
    for (int i = 0; i < sources.size(); i++) {
      var helm = sources.get(i).helm();
      for (int j = 0; helm != null && j < helm.valueFiles().size(); j++) {
        String file = helm.valueFiles().get(j);
        if (!file.startsWith("$")) {
          continue;
        }
        int slash = file.indexOf('/');
        String ref = slash < 0 ? file.substring(1) : file.substring(1, slash);
        if (slash < 0 || !refs.contains(ref)) {
          throw new InvalidSpecException(
              "sources[" + i + "].helm.valueFiles[" + j + "]",
              "'" + file + "' must be $REF/path with a ref defined in sources");
        }
      }
    }
  }

  /** The first source that renders: what {@code spec.source} holds for a multi-source app. */
  static AppSpec.Source primary(List<AppSpec.Source> sources) {
    return sources.stream()
        .filter(AppSpec.Source::renders)
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidSpecException(
                    "sources", "no source renders anything: give a chart or a path"));
  }

  /** {@code source} or {@code sources}, as the app was written. */
  static JsonObject to(AppSpec spec) {
    if (spec.sources().isEmpty()) {
      return new JsonObject().put("source", SourceJson.to(spec.source()));
    }
    JsonArray array = new JsonArray();
    spec.sources().forEach(s -> array.add(SourceJson.to(s)));
    return new JsonObject().put("sources", array);
  }
}
