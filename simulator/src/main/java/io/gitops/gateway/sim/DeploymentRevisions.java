package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ReplicaSet half of the simulated Deployment controller, enough for {@code kubectl rollout
 * history|undo} and {@code kubectl describe}: one ReplicaSet per pod template a Deployment has had,
 * owned by it (controller reference), named {@code <deployment>-<pod-template-hash>}, carrying
 * {@code deployment.kubernetes.io/revision}; the current one has the Deployment's replicas, the
 * others none. A template seen before (a rollback) moves its ReplicaSet to the next revision, as
 * the real controller does. The Deployment's own revision annotation is written with its status (no
 * new generation). No Pods are made.
 */
final class DeploymentRevisions {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String HASH_LABEL = "pod-template-hash";

  /** Deployment annotations the controller never copies to a ReplicaSet (as kubectl skips them). */
  private static final Set<String> NOT_COPIED =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          REVISION,
          REVISION_HISTORY,
          "deployment.kubernetes.io/desired-replicas",
          "deployment.kubernetes.io/max-replicas",
          "deprecated.deployment.rollback.to");

  static final ApiResource REPLICA_SETS =
      ApiResource.builtIn("apps", "v1", "replicasets").orElseThrow();

  private DeploymentRevisions() {}

  /** The pod-template-hash of a Deployment's template, as its ReplicaSet's name suffix. */
  static String hash(JsonNode template) {
    long h = Integer.toUnsignedLong(Json.write(withoutHash(template)).hashCode());
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder();
    do {
      out.append(alphabet.charAt((int) (h % alphabet.length())));
      h /= alphabet.length();
    } while (h > 0);
    return out.toString();
  }

  /**
   * Brings the ReplicaSets of {@code deployment} (stored at {@code path}) in line with its template
   * and returns the revision of the current one. Callers hold the store's write lock.
   */
  static long reconcile(
      ObjectStore store, ObjectWrites writes, ResourcePath path, JsonNode deployment) {
    String uid = Json.text(deployment, "metadata", "uid");
    ResourcePath sets =
        new ResourcePath(
            "apps", "v1", path.namespace(), "replicasets", null, null, java.util.Map.of());
    List<ObjectNode> owned = store.list(sets).stream().filter(rs -> ownedBy(rs, uid)).toList();
    JsonNode template = deployment.path("spec").path("template");
    long max = 0;
    for (ObjectNode rs : owned) {
      max = Math.max(max, revision(rs));
    }
    Optional<ObjectNode> current =
        owned.stream()
            .filter(
                rs ->
                    Json.same(withoutHash(rs.path("spec").path("template")), withoutHash(template)))
            .findFirst();
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    long revision;
    ObjectNode next;
    if (current.isPresent()) {
      next = current.get().deepCopy();
      revision = revision(next);
      if (revision < max) { // an older template again: a rollback takes the next revision
        ObjectNode annotations = Json.with(Json.with(next, "metadata"), "annotations");
        String history = annotations.path(REVISION_HISTORY).asText("");
        annotations.put(
            REVISION_HISTORY,
            history.isEmpty() ? Long.toString(revision) : history + "," + revision);
        revision = max + 1;
      }
    } else {
      revision = max + 1;
      next = newReplicaSet(deployment, path, template);
    }
    copyAnnotations(deployment, next, revision, replicas);
    Json.with(next, "spec").put("replicas", replicas);
    ResourcePath nextPath = sets.withName(Json.text(next, "metadata", "name"));
    writes.controllerWrite(nextPath, REPLICA_SETS, next, WorkloadController.MANAGER);
    writes.updateStatus(
        nextPath, REPLICA_SETS, rs -> replicaSetStatus(rs, replicas), WorkloadController.MANAGER);
    for (ObjectNode old : owned) {
      String name = Json.text(old, "metadata", "name");
      if (!name.equals(Json.text(next, "metadata", "name"))
          && old.path("spec").path("replicas").asInt(0) != 0) {
        ObjectNode scaledDown = old.deepCopy();
        Json.with(scaledDown, "spec").put("replicas", 0);
        ResourcePath oldPath = sets.withName(name);
        writes.controllerWrite(oldPath, REPLICA_SETS, scaledDown, WorkloadController.MANAGER);
        writes.updateStatus(
            oldPath, REPLICA_SETS, rs -> replicaSetStatus(rs, 0), WorkloadController.MANAGER);
      }
    }
    return revision;
  }

  /** Deletes the ReplicaSets a deleted Deployment owned (the garbage collector's part). */
  static List<ResourcePath> ownedReplicaSets(
      ObjectStore store, ResourcePath path, JsonNode deployment) {
    String uid = Json.text(deployment, "metadata", "uid");
    ResourcePath sets =
        new ResourcePath(
            "apps", "v1", path.namespace(), "replicasets", null, null, java.util.Map.of());
    return store.list(sets).stream()
        .filter(rs -> ownedBy(rs, uid))
        .map(rs -> sets.withName(Json.text(rs, "metadata", "name")))
        .toList();
  }

  private static ObjectNode newReplicaSet(
      JsonNode deployment, ResourcePath path, JsonNode template) {
    String name = Json.text(deployment, "metadata", "name");
    String hash = hash(template);
    ObjectNode rs = Json.object().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode meta =
        rs.putObject("metadata").put("name", name + "-" + hash).put("namespace", path.namespace());
    ObjectNode labels = meta.putObject("labels");
    template
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
    labels.put(HASH_LABEL, hash);
    meta.putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "apps/v1")
        .put("kind", "Deployment")
        .put("name", name)
        .put("uid", Json.text(deployment, "metadata", "uid"))
        .put("controller", true)
        .put("blockOwnerDeletion", true);
    ObjectNode spec = rs.putObject("spec");
    ObjectNode selector = deployment.path("spec").path("selector").deepCopy();
    Json.with(selector, "matchLabels").put(HASH_LABEL, hash);
    spec.set("selector", selector);
    ObjectNode podTemplate = template.deepCopy();
    Json.with(Json.with(podTemplate, "metadata"), "labels").put(HASH_LABEL, hash);
    spec.set("template", podTemplate);
    return rs;
  }

  private static void copyAnnotations(
      JsonNode deployment, ObjectNode rs, long revision, int replicas) {
    ObjectNode annotations = Json.with(Json.with(rs, "metadata"), "annotations");
    deployment
        .path("metadata")
        .path("annotations")
        .fields()
        .forEachRemaining(
            e -> {
              if (!NOT_COPIED.contains(e.getKey())) {
                annotations.set(e.getKey(), e.getValue());
              }
            });
    annotations.put(REVISION, Long.toString(revision));
    annotations.put("deployment.kubernetes.io/desired-replicas", Integer.toString(replicas));
    annotations.put(
        "deployment.kubernetes.io/max-replicas", Integer.toString(replicas + (replicas + 3) / 4));
  }

  private static ObjectNode replicaSetStatus(JsonNode rs, int replicas) {
    ObjectNode status =
        Json.object()
            .put("replicas", replicas)
            .put("fullyLabeledReplicas", replicas)
            .put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
    if (replicas > 0 && !WorkloadStatus.hasBadImage(rs)) {
      status.put("readyReplicas", replicas).put("availableReplicas", replicas);
    }
    return status;
  }

  private static boolean ownedBy(JsonNode rs, String uid) {
    for (JsonNode ref : rs.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean()
          && uid != null
          && uid.equals(ref.path("uid").asText())) {
        return true;
      }
    }
    return false;
  }

  private static long revision(JsonNode rs) {
    try {
      return Long.parseLong(rs.path("metadata").path("annotations").path(REVISION).asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The template as compared and hashed: without the hash label, and without nulls and empty maps,
   * which a typed client writes back (kubectl rollout undo sends {@code creationTimestamp: null}
   * and {@code resources: {}}) and which mean the same as absent.
   */
  private static JsonNode withoutHash(JsonNode template) {
    if (!(template instanceof ObjectNode o)) {
      return template;
    }
    ObjectNode copy = o.deepCopy();
    JsonNode labels = copy.path("metadata").get("labels");
    if (labels instanceof ObjectNode l) {
      l.remove(HASH_LABEL);
    }
    return withoutEmpty(copy);
  }

  private static JsonNode withoutEmpty(JsonNode node) {
    if (node instanceof ObjectNode o) {
      ObjectNode out = Json.object();
      o.fields()
          .forEachRemaining(
              e -> {
                JsonNode v = withoutEmpty(e.getValue());
                if (!v.isNull() && !(v.isObject() && v.isEmpty())) {
                  out.set(e.getKey(), v);
                }
              });
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
      node.forEach(item -> out.add(withoutEmpty(item)));
      return out;
    }
    return node;
  }
}
