package io.gitops.gateway.render;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gitops.gateway.tree.DeepCopy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** patches, patchesStrategicMerge and patchesJson6902 of one kustomization. */
final class KustomizePatches {
  private static final Set<String> PATCH_FIELDS = Set.of("path", "patch", "target", "options");
  private static final Set<String> TARGET_FIELDS =
      Set.of(
          "group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector");

  private final RenderContext ctx;
  private final String dir;
  private final String file;

  KustomizePatches(RenderContext ctx, String dir, String file) {
    this.ctx = ctx;
    this.dir = dir;
    this.file = file;
  }

  /** patchesStrategicMerge: file paths or inline YAML, each naming its own target. */
  void strategicMerge(Object entries, List<KustomizeObject> resources) throws RenderException {
    for (String entry : KustomizeFields.strings(entries, file, "patchesStrategicMerge")) {
      boolean inline = entry.contains("\n") || entry.contains(":");
      for (Object document :
          content(inline ? null : entry, inline ? entry : null, "patchesStrategicMerge")) {
        applySelfTargeted(document, resources, "patchesStrategicMerge");
      }
    }
  }

  /** patchesJson6902: a target and a JSON patch (path or inline). */
  void json6902(Object entries, List<KustomizeObject> resources) throws RenderException {
    for (Map<String, Object> entry : KustomizeFields.mapList(entries, file, "patchesJson6902")) {
      KustomizeFields.requireKnown(entry, PATCH_FIELDS, file, "patchesJson6902 entry");
      Map<String, Object> target = target(entry, "patchesJson6902");
      List<Object> docs =
          content((String) entry.get("path"), (String) entry.get("patch"), "patchesJson6902");
      applyToTargets(docs, target, resources, "patchesJson6902", true);
    }
  }

  /** patches: strategic merge or JSON 6902, optionally with a target selecting several objects. */
  void patches(Object entries, List<KustomizeObject> resources) throws RenderException {
    for (Map<String, Object> entry : KustomizeFields.mapList(entries, file, "patches")) {
      KustomizeFields.requireKnown(entry, PATCH_FIELDS, file, "patches entry");
      if (entry.get("options") != null) {
        throw new RenderException(file + ": field 'options' in patches entry is not supported");
      }
      List<Object> docs =
          content((String) entry.get("path"), (String) entry.get("patch"), "patches");
      if (entry.get("target") == null) {
        for (Object document : docs) {
          applySelfTargeted(document, resources, "patches");
        }
      } else {
        applyToTargets(docs, target(entry, "patches"), resources, "patches", false);
      }
    }
  }

  private List<Object> content(String path, String inline, String field) throws RenderException {
    if ((path == null) == (inline == null)) {
      throw new RenderException(
          file + ": each " + field + " entry needs exactly one of 'path' or 'patch'");
    }
    if (path != null) {
      return ctx.readDocuments(RepoPaths.join(dir, path));
    }
    return ctx.parse(file + " inline " + field, inline.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> target(Map<String, Object> entry, String field)
      throws RenderException {
    if (!(entry.get("target") instanceof Map<?, ?> t)) {
      throw new RenderException(file + ": " + field + " entry needs a 'target'");
    }
    Map<String, Object> target = KustomizeFields.asMap(t);
    KustomizeFields.requireKnown(target, TARGET_FIELDS, file, field + " target");
    return target;
  }

  private void applySelfTargeted(Object document, List<KustomizeObject> resources, String field)
      throws RenderException {
    if (document == null) {
      return;
    }
    if (!(document instanceof Map<?, ?> m)) {
      throw new RenderException(
          file + ": a " + field + " patch without a target must be a strategic merge patch");
    }
    Map<String, Object> patch = KustomizeFields.asMap(m);
    KustomizeObject probe = new KustomizeObject(DeepCopy.of(patch), "patch");
    for (KustomizeObject r : resources) {
      if (r.kind().equals(probe.kind())
          && r.hasName(probe.name())
          && (probe.namespace().isEmpty() || probe.namespace().equals(r.namespace()))
          && (probe.group().equals(r.group()))) {
        applyStrategic(r, patch, resources);
        return;
      }
    }
    throw new RenderException(
        file
            + ": "
            + field
            + " patch targets "
            + probe.kind()
            + "/"
            + probe.name()
            + ", which is not among the resources");
  }

  private void applyToTargets(
      List<Object> docs,
      Map<String, Object> target,
      List<KustomizeObject> resources,
      String field,
      boolean jsonOnly)
      throws RenderException {
    List<KustomizeObject> matches = new ArrayList<>();
    for (KustomizeObject r : resources) {
      if (matches(target, r)) {
        matches.add(r);
      }
    }
    if (matches.isEmpty() && field.equals("patchesJson6902")) {
      throw new RenderException(file + ": " + field + " target " + target + " matches no resource");
    }
    boolean json = jsonOnly || docs.size() == 1 && docs.get(0) instanceof List<?>;
    for (KustomizeObject r : matches) {
      if (json) {
        if (docs.size() != 1 || !(docs.get(0) instanceof List<?> ops)) {
          throw new RenderException(
              file + ": " + field + " content must be one list of JSON patch operations");
        }
        r.object =
            JsonPatch.apply(
                r.object,
                KustomizeFields.mapList(ops, file, field),
                file + " " + field + " on " + r.describe());
      } else {
        for (Object document : docs) {
          if (document instanceof Map<?, ?> m) {
            applyStrategic(r, KustomizeFields.asMap(m), resources);
          }
        }
      }
    }
  }

  private static void applyStrategic(
      KustomizeObject r, Map<String, Object> patch, List<KustomizeObject> resources) {
    if (StrategicMerge.isDirective(patch, "delete")) {
      resources.remove(r);
      return;
    }
    Map<String, Object> body = DeepCopy.of(patch);
    // The patch's own identity only selects the target; it must not rename it.
    if (body.get("metadata") instanceof Map<?, ?> meta) {
      meta.remove("name");
      meta.remove("namespace");
    }
    body.remove("apiVersion");
    body.remove("kind");
    StrategicMerge.merge(r.object, body, StrategicMerge.isBuiltIn(r.group()));
  }

  private boolean matches(Map<String, Object> target, KustomizeObject r) throws RenderException {
    return matchesText(target.get("group"), r.group())
        && matchesText(target.get("version"), r.version())
        && matchesText(target.get("kind"), r.kind())
        && (matchesText(target.get("name"), r.name())
            || matchesText(target.get("name"), r.originalName))
        && matchesText(target.get("namespace"), r.namespace())
        && selects(target.get("labelSelector"), r.metadata().get("labels"))
        && selects(target.get("annotationSelector"), r.metadata().get("annotations"));
  }

  /**
   * Kustomize treats target fields as anchored regular expressions. They come from the tenant, so
   * they run on RE2/J: linear time, no backtracking ({@code (a+)+$} cannot stall the render pool).
   * RE2 syntax is Go's, which is what Kustomize itself uses.
   */
  private boolean matchesText(Object wanted, String actual) throws RenderException {
    if (wanted == null) {
      return true;
    }
    try {
      return Pattern.matches(String.valueOf(wanted), actual);
    } catch (PatternSyntaxException e) {
      throw new RenderException(
          file
              + ": patch target '"
              + wanted
              + "' is not a valid regular expression: "
              + e.getDescription());
    }
  }

  /** Equality-based selectors: "a=b,c!=d,e" (set-based selectors are not supported). */
  private boolean selects(Object selector, Object labels) throws RenderException {
    if (selector == null) {
      return true;
    }
    Map<?, ?> actual = labels instanceof Map<?, ?> m ? m : Map.of();
    for (String term : String.valueOf(selector).split(",")) {
      term = term.strip();
      if (term.contains(" in ") || term.contains(" notin ") || term.contains("(")) {
        throw new RenderException(file + ": set-based selector '" + term + "' is not supported");
      }
      if (term.contains("!=")) {
        String[] kv = term.split("!=", 2);
        if (kv[1].strip().equals(String.valueOf(actual.get(kv[0].strip())))) {
          return false;
        }
      } else if (term.contains("=")) {
        String[] kv = term.replace("==", "=").split("=", 2);
        if (!kv[1].strip().equals(String.valueOf(actual.get(kv[0].strip())))) {
          return false;
        }
      } else if (term.startsWith("!")) {
        if (actual.containsKey(term.substring(1))) {
          return false;
        }
      } else if (!term.isEmpty() && !actual.containsKey(term)) {
        return false;
      }
    }
    return true;
  }
}
