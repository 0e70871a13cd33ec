package io.gitops.gateway.render;

import java.util.List;
import java.util.Map;

/**
 * After names change (prefix, suffix, content hash), references from pod specs to ConfigMaps and
 * Secrets of the same set follow, as kustomize's name-reference transformer does: volumes,
 * projected volumes, envFrom, env valueFrom and imagePullSecrets.
 */
final class NameReferences {
  private NameReferences() {}

  /** A rename of one object: kind, namespace it lives in now, old name, new name. */
  record Rename(String kind, String namespace, String from, String to) {}

  static void apply(List<KustomizeObject> resources, List<Rename> renames) {
    if (renames.stream().allMatch(r -> r.from().equals(r.to()))) {
      return;
    }
    for (KustomizeObject r : resources) {
      String ns = r.namespace();
      for (Map<String, Object> podSpec : Workloads.podSpecs(r.object, r.kind())) {
        fixPodSpec(podSpec, ns, renames);
      }
    }
  }

  private static void fixPodSpec(Map<String, Object> spec, String ns, List<Rename> renames) {
    for (Map<String, Object> volume : MapPaths.mapList(spec, "volumes")) {
      fix(MapPaths.map(volume, false, "configMap"), "name", "ConfigMap", ns, renames);
      fix(MapPaths.map(volume, false, "secret"), "secretName", "Secret", ns, renames);
      for (Map<String, Object> source : MapPaths.mapList(volume, "projected", "sources")) {
        fix(MapPaths.map(source, false, "configMap"), "name", "ConfigMap", ns, renames);
        fix(MapPaths.map(source, false, "secret"), "name", "Secret", ns, renames);
      }
    }
    for (Map<String, Object> secret : MapPaths.mapList(spec, "imagePullSecrets")) {
      fix(secret, "name", "Secret", ns, renames);
    }
    for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
      for (Map<String, Object> container : MapPaths.mapList(spec, list)) {
        for (Map<String, Object> from : MapPaths.mapList(container, "envFrom")) {
          fix(MapPaths.map(from, false, "configMapRef"), "name", "ConfigMap", ns, renames);
          fix(MapPaths.map(from, false, "secretRef"), "name", "Secret", ns, renames);
        }
        for (Map<String, Object> env : MapPaths.mapList(container, "env")) {
          fix(
              MapPaths.map(env, false, "valueFrom", "configMapKeyRef"),
              "name",
              "ConfigMap",
              ns,
              renames);
          fix(MapPaths.map(env, false, "valueFrom", "secretKeyRef"), "name", "Secret", ns, renames);
        }
      }
    }
  }

  private static void fix(
      Map<String, Object> holder, String field, String kind, String ns, List<Rename> renames) {
    if (holder == null || !(holder.get(field) instanceof String name)) {
      return;
    }
    Rename match = null;
    for (Rename rename : renames) {
      if (rename.kind().equals(kind) && rename.from().equals(name)) {
        // Prefer the object in the referrer's namespace when several share the old name.
        if (match == null || rename.namespace().equals(ns)) {
          match = rename;
        }
      }
    }
    if (match != null) {
      holder.put(field, match.to());
    }
  }
}
