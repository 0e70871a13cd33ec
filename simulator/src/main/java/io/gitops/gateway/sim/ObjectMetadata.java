package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The server-owned metadata rules: uid and creationTimestamp set once, generation 1 on create and
 * bumped only when something outside metadata and status changes (or a Deployment's annotations, as
 * the real server does), resourceVersion bumped on every real change and left alone by a no-op
 * write.
 */
final class ObjectMetadata {
  private static final String[] CARRIED_OVER = {
    "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"
  };

  private ObjectMetadata() {}

  /**
   * Sets identity, uid, timestamps and generation on {@code after}; returns whether generation
   * moved (never for a write through the status subresource).
   */
  static boolean settle(
      JsonNode before, ObjectNode after, ResourcePath path, ApiResource resource, boolean status) {
    after.put("apiVersion", path.apiVersion()).put("kind", resource.kind());
    ObjectNode meta = Json.with(after, "metadata");
    meta.put("name", path.name());
    // empty maps the real server's types omit (a patch with "annotations": {} leaves none)
    for (String map : new String[] {"labels", "annotations"}) {
      if (meta.get(map) != null && meta.get(map).isEmpty()) {
        meta.remove(map);
      }
    }
    if (resource.namespaced()) {
      meta.put("namespace", path.namespace());
    } else {
      meta.remove("namespace");
    }
    boolean tracked = tracksGeneration(resource);
    if (before == null) {
      meta.put("uid", UUID.randomUUID().toString());
      meta.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      if (tracked) {
        meta.put("generation", 1);
      } else {
        meta.remove("generation");
      }
      return true;
    }
    JsonNode oldMeta = before.path("metadata");
    for (String field : CARRIED_OVER) {
      if (oldMeta.has(field)) {
        meta.set(field, oldMeta.get(field));
      } else {
        meta.remove(field);
      }
    }
    long generation = oldMeta.path("generation").asLong(1);
    boolean bump =
        !status
            && (!Objects.equals(withoutMetadataAndStatus(before), withoutMetadataAndStatus(after))
                || (isDeployment(resource)
                    && !Objects.equals(oldMeta.path("annotations"), meta.path("annotations"))));
    if (tracked) {
      meta.put("generation", bump ? generation + 1 : generation);
    } else {
      meta.remove("generation");
    }
    return bump;
  }

  /**
   * Built-in kinds whose API strategy keeps a generation, as the real server does; the others
   * (ConfigMap, Secret, Service, Namespace, RBAC …) have none. Custom resources always have one.
   */
  private static final java.util.Set<String> BUILT_IN_WITH_GENERATION =
      java.util.Set.of(
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "ReplicaSet",
          "Job",
          "CronJob",
          "Ingress",
          "NetworkPolicy",
          "PodDisruptionBudget",
          "CustomResourceDefinition",
          "Pod");

  private static boolean tracksGeneration(ApiResource resource) {
    return ApiResource.builtIn(resource.group(), resource.version(), resource.plural()).isEmpty()
        || BUILT_IN_WITH_GENERATION.contains(resource.kind());
  }

  /**
   * The API server's Deployment strategy also bumps generation on an annotation change (rollbacks
   * once worked so).
   */
  private static boolean isDeployment(ApiResource resource) {
    return resource.kind().equals("Deployment");
  }

  /**
   * Whether {@code after} differs from {@code before} in anything but resourceVersion and
   * managedFields times.
   */
  static boolean changed(JsonNode before, ObjectNode after) {
    return before == null || !comparable(before).equals(comparable(after));
  }

  private static JsonNode withoutMetadataAndStatus(JsonNode object) {
    ObjectNode copy = (ObjectNode) Json.parse(Json.write(object));
    copy.remove("metadata");
    copy.remove("status");
    return copy;
  }

  private static JsonNode comparable(JsonNode object) {
    // Re-parsed so that numbers compare by value (an int 1 and a long 1 are different Jackson
    // nodes).
    ObjectNode copy = (ObjectNode) Json.parse(Json.write(object));
    ObjectNode meta = Json.with(copy, "metadata");
    meta.remove("resourceVersion");
    JsonNode managed = meta.get("managedFields");
    if (managed != null) {
      managed.forEach(e -> ((ObjectNode) e).remove("time"));
    }
    return copy;
  }
}
