package io.gitops.gateway.render;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A native Kustomize build of the fields people use most. Each kustomization is built bottom-up:
 * resources (files, directories with their own kustomization), generators, patches, then namespace,
 * prefix/suffix, labels, annotations, images and replicas; references to renamed ConfigMaps and
 * Secrets follow at every level. Content-hash suffixes are added last, over the final content, as
 * kustomize does. Any field outside this set fails the render by name.
 */
final class KustomizeSource {
  static final Set<String> FIELDS =
      Set.of(
          "apiVersion",
          "kind",
          "metadata",
          "resources",
          "bases",
          "namespace",
          "namePrefix",
          "nameSuffix",
          "commonLabels",
          "labels",
          "commonAnnotations",
          "images",
          "replicas",
          "configMapGenerator",
          "secretGenerator",
          "generatorOptions",
          "patches",
          "patchesStrategicMerge",
          "patchesJson6902");
  private static final Set<String> LABEL_FIELDS =
      Set.of("pairs", "includeSelectors", "includeTemplates");
  private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag", "digest");
  private static final Set<String> REPLICA_KINDS =
      Set.of("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController");

  private final RenderContext ctx;

  KustomizeSource(RenderContext ctx) {
    this.ctx = ctx;
  }

  List<SourcedObject> render(String dir) throws RenderException {
    List<KustomizeObject> resources = build(dir, new ArrayList<>());
    addHashSuffixes(resources);
    List<SourcedObject> out = new ArrayList<>();
    for (KustomizeObject r : resources) {
      out.add(new SourcedObject(r.object, r.origin));
    }
    return out;
  }

  private List<KustomizeObject> build(String dir, List<String> stack) throws RenderException {
    if (stack.contains(dir)) {
      throw new RenderException(
          "kustomization cycle: " + String.join(" -> ", stack) + " -> " + dir);
    }
    if (stack.size() >= ctx.limits.maxKustomizeDepth()) {
      throw new RenderException(
          "kustomizations nest deeper than " + ctx.limits.maxKustomizeDepth() + " at " + dir);
    }
    stack.add(dir);
    String file = kustomizationFile(dir);
    Map<String, Object> k = readKustomization(file);
    List<KustomizeObject> resources = new ArrayList<>();
    for (String field : List.of("resources", "bases")) {
      for (String entry : KustomizeFields.strings(k.get(field), file, field)) {
        resources.addAll(loadResource(dir, entry, file, stack));
      }
    }
    Map<String, Object> generatorOptions =
        k.get("generatorOptions") instanceof Map<?, ?> g ? KustomizeFields.asMap(g) : Map.of();
    KustomizeFields.requireKnown(
        generatorOptions,
        Set.of("labels", "annotations", "disableNameSuffixHash", "immutable"),
        file,
        "generatorOptions");
    KustomizeGenerators generators = new KustomizeGenerators(ctx, dir, file);
    generators.generate(
        "configMapGenerator", k.get("configMapGenerator"), generatorOptions, resources);
    generators.generate("secretGenerator", k.get("secretGenerator"), generatorOptions, resources);

    Map<KustomizeObject, String> namesBefore = names(resources);
    KustomizePatches patches = new KustomizePatches(ctx, dir, file);
    patches.strategicMerge(k.get("patchesStrategicMerge"), resources);
    patches.patches(k.get("patches"), resources);
    patches.json6902(k.get("patchesJson6902"), resources);
    transform(k, file, resources);
    NameReferences.apply(resources, renames(resources, namesBefore));
    stack.remove(stack.size() - 1);
    return resources;
  }

  private void transform(Map<String, Object> k, String file, List<KustomizeObject> resources)
      throws RenderException {
    if (k.get("namespace") != null) {
      String namespace = KustomizeFields.text(k.get("namespace"), file, "namespace");
      for (KustomizeObject r : resources) {
        if (!Workloads.clusterScoped(r.kind())) {
          r.metadata().put("namespace", namespace);
        }
      }
    }
    String prefix =
        k.get("namePrefix") == null
            ? ""
            : KustomizeFields.text(k.get("namePrefix"), file, "namePrefix");
    String suffix =
        k.get("nameSuffix") == null
            ? ""
            : KustomizeFields.text(k.get("nameSuffix"), file, "nameSuffix");
    for (KustomizeObject r : resources) {
      if (!r.kind().equals("CustomResourceDefinition")) {
        r.setName(prefix + r.name() + suffix);
      }
    }
    KustomizeLabels.addLabels(
        resources,
        KustomizeFields.stringMap(k.get("commonLabels"), file, "commonLabels"),
        true,
        true);
    for (Map<String, Object> entry : KustomizeFields.mapList(k.get("labels"), file, "labels")) {
      KustomizeFields.requireKnown(entry, LABEL_FIELDS, file, "labels entry");
      boolean selectors = Boolean.TRUE.equals(entry.get("includeSelectors"));
      boolean templates = selectors || Boolean.TRUE.equals(entry.get("includeTemplates"));
      KustomizeLabels.addLabels(
          resources,
          KustomizeFields.stringMap(entry.get("pairs"), file, "labels.pairs"),
          templates,
          selectors);
    }
    KustomizeLabels.addAnnotations(
        resources,
        KustomizeFields.stringMap(k.get("commonAnnotations"), file, "commonAnnotations"));
    List<KustomizeImages.ImageRule> images = new ArrayList<>();
    for (Map<String, Object> image : KustomizeFields.mapList(k.get("images"), file, "images")) {
      KustomizeFields.requireKnown(image, IMAGE_FIELDS, file, "images entry");
      images.add(
          new KustomizeImages.ImageRule(
              KustomizeFields.text(image.get("name"), file, "images.name"),
              text(image.get("newName")),
              text(image.get("newTag")),
              text(image.get("digest"))));
    }
    KustomizeImages.apply(resources, images);
    for (Map<String, Object> replica :
        KustomizeFields.mapList(k.get("replicas"), file, "replicas")) {
      KustomizeFields.requireKnown(replica, Set.of("name", "count"), file, "replicas entry");
      String name = KustomizeFields.text(replica.get("name"), file, "replicas.name");
      if (!(replica.get("count") instanceof Number count)) {
        throw new RenderException(file + ": replicas entry '" + name + "' needs a numeric 'count'");
      }
      boolean found = false;
      for (KustomizeObject r : resources) {
        if (REPLICA_KINDS.contains(r.kind()) && r.hasName(name)) {
          MapPaths.map(r.object, true, "spec").put("replicas", count);
          found = true;
        }
      }
      if (!found) {
        throw new RenderException(
            file
                + ": replicas entry '"
                + name
                + "' matches no Deployment, ReplicaSet or StatefulSet");
      }
    }
  }

  private List<KustomizeObject> loadResource(
      String dir, String entry, String file, List<String> stack) throws RenderException {
    if (entry.contains("://") || entry.startsWith("github.com/") || entry.startsWith("git@")) {
      throw new RenderException(
          file
              + ": remote resource '"
              + entry
              + "' is not supported; vendor it into the repository");
    }
    String path = RepoPaths.resolve(ctx.files, RepoPaths.join(dir, entry));
    if (ctx.files.size(path) >= 0) {
      List<KustomizeObject> out = new ArrayList<>();
      for (SourcedObject o : ctx.readObjects(path)) {
        out.add(new KustomizeObject(o.object(), o.origin()));
      }
      return out;
    }
    if (Renderer.detect(ctx.files, path) == SourceType.KUSTOMIZE) {
      return build(path, stack);
    }
    if (!ctx.files.list(path).isEmpty()) {
      throw new RenderException(
          file + ": resource '" + entry + "' is a directory without a kustomization file");
    }
    throw new RenderException(file + ": resource '" + entry + "' does not exist");
  }

  private String kustomizationFile(String dir) throws RenderException {
    for (String name : Renderer.kustomizationFiles()) {
      String candidate = dir.isEmpty() ? name : dir + "/" + name;
      if (ctx.files.size(candidate) >= 0) {
        return candidate;
      }
    }
    throw new RenderException("'" + dir + "' has no kustomization.yaml");
  }

  private Map<String, Object> readKustomization(String file) throws RenderException {
    List<Object> documents = ctx.readDocuments(file);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map<?, ?> m)) {
      throw new RenderException(file + ": a kustomization must be a single YAML mapping");
    }
    Map<String, Object> k = KustomizeFields.asMap(m);
    if (k.get("kind") != null && !"Kustomization".equals(k.get("kind"))) {
      throw new RenderException(
          file + ": kind '" + k.get("kind") + "' is not supported (only Kustomization)");
    }
    KustomizeFields.requireKnown(k, FIELDS, file, "the kustomization");
    return k;
  }

  private static Map<KustomizeObject, String> names(List<KustomizeObject> resources) {
    Map<KustomizeObject, String> names = new IdentityHashMap<>();
    resources.forEach(r -> names.put(r, r.name()));
    return names;
  }

  private static List<NameReferences.Rename> renames(
      List<KustomizeObject> resources, Map<KustomizeObject, String> before) {
    List<NameReferences.Rename> renames = new ArrayList<>();
    for (KustomizeObject r : resources) {
      String old = before.get(r);
      if (old != null && (r.kind().equals("ConfigMap") || r.kind().equals("Secret"))) {
        renames.add(new NameReferences.Rename(r.kind(), r.namespace(), old, r.name()));
      }
    }
    return renames;
  }

  private static void addHashSuffixes(List<KustomizeObject> resources) throws RenderException {
    Map<KustomizeObject, String> before = names(resources);
    for (KustomizeObject r : resources) {
      if (r.needsHash) {
        r.setName(r.name() + "-" + ContentHash.of(r.object));
      }
    }
    NameReferences.apply(resources, renames(resources, before));
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
