package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Every write the simulated API server accepts (create, replace, the four patch types, and status
 * updates by the simulated controllers) computed the same way: candidate object, optimistic lock
 * check, status subresource rules, server metadata, field ownership, then store unless nothing
 * changed or it is a dry run. Callers hold the store's write lock.
 */
final class ObjectWrites {
  static final String APPLY_PATCH = "application/apply-patch+yaml";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";

  private final ObjectStore store;
  private final ServiceAddresses addresses = new ServiceAddresses();
  private final Function<ResourcePath, Optional<ApiResource>> resources;

  ObjectWrites(ObjectStore store, Function<ResourcePath, Optional<ApiResource>> resources) {
    this.store = store;
    this.resources = resources;
  }

  WriteResult handle(
      String method, ResourcePath requested, String contentType, String body, String userAgent) {
    ApiResource resource =
        resources
            .apply(requested)
            .orElseThrow(
                () ->
                    new SimulatorError(
                        404,
                        "NotFound",
                        "the server could not find the requested resource ("
                            + requested.plural()
                            + " in "
                            + requested.apiVersion()
                            + ")",
                        null,
                        null,
                        java.util.List.of()));
    String manager = manager(requested, userAgent);
    if (Scales.SUBRESOURCE.equals(requested.subresource())) {
      return scale(method, requested, resource, mediaType(contentType), body, manager);
    }
    if (requested.subresource() != null && !requested.isStatus()) {
      throw new SimulatorError(
          404,
          "NotFound",
          "the server could not find the requested resource ("
              + requested.plural()
              + "/"
              + requested.subresource()
              + " is not simulated)",
          null,
          null,
          java.util.List.of());
    }
    return switch (method) {
      case "POST" -> create(requested, resource, Json.parseObject(body, false), manager);
      case "PUT" -> replace(requested, resource, Json.parseObject(body, false), manager);
      case "PATCH" -> patch(requested, resource, mediaType(contentType), body, manager);
      default ->
          throw new SimulatorError(
              405,
              "MethodNotAllowed",
              "method " + method + " is not supported",
              null,
              null,
              java.util.List.of());
    };
  }

  /** A status write by a simulated controller: {@code status} replaces the object's status. */
  Optional<WriteResult> updateStatus(
      ResourcePath objectPath,
      ApiResource resource,
      Function<ObjectNode, JsonNode> status,
      String manager) {
    Optional<ObjectNode> current = store.read(objectPath);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode candidate = current.get().deepCopy();
    candidate.set("status", status.apply(current.get()));
    return Optional.of(
        commit(objectPath.withSubresource("status"), resource, current.get(), candidate, manager));
  }

  /**
   * A write by a simulated controller: {@code candidate} created at {@code path} or replacing what
   * is there, without a resourceVersion check.
   */
  WriteResult controllerWrite(
      ResourcePath path, ApiResource resource, ObjectNode candidate, String manager) {
    ObjectNode before = store.read(path).orElse(null);
    ObjectNode after = candidate.deepCopy();
    Json.with(after, "metadata").remove("resourceVersion");
    return commit(path, resource, before, after, manager);
  }

  /**
   * A status write that also sets {@code annotations} on the object, as the Deployment controller
   * writes its revision with the status.
   */
  Optional<WriteResult> updateStatus(
      ResourcePath objectPath,
      ApiResource resource,
      Function<ObjectNode, JsonNode> status,
      String manager,
      java.util.Map<String, String> annotations) {
    Optional<ObjectNode> current = store.read(objectPath);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode candidate = current.get().deepCopy();
    candidate.set("status", status.apply(current.get()));
    ObjectNode meta = Json.with(candidate, "metadata");
    annotations.forEach((k, v) -> Json.with(meta, "annotations").put(k, v));
    return Optional.of(
        commit(objectPath.withSubresource("status"), resource, current.get(), candidate, manager));
  }

  private WriteResult create(
      ResourcePath requested, ApiResource resource, ObjectNode object, String manager) {
    ObjectNode meta = Json.with(object, "metadata");
    String name = Json.text(meta, "name");
    if (name == null || name.isEmpty()) {
      String prefix = Json.text(meta, "generateName");
      if (prefix == null || prefix.isEmpty()) {
        throw SimulatorError.invalid(
            resource.kind(),
            "",
            "metadata.name",
            "Required value: name or generateName is required");
      }
      name = prefix + randomSuffix();
    }
    checkNamespace(requested, meta);
    ResourcePath path = requested.withName(name);
    if (store.read(path).isPresent()) {
      throw SimulatorError.alreadyExists(path, name);
    }
    if (!path.query().containsKey("dryRun")) {
      addresses.allocate(resource, object);
    }
    return commit(path, resource, null, object, manager);
  }

  private WriteResult replace(
      ResourcePath path, ApiResource resource, ObjectNode object, String manager) {
    ObjectNode current = existing(path);
    checkNamespace(path, Json.with(object, "metadata"));
    checkResourceVersion(path, current, object);
    return commit(path, resource, current, object, manager);
  }

  private WriteResult patch(
      ResourcePath path, ApiResource resource, String mediaType, String body, String manager) {
    if (mediaType.equals(APPLY_PATCH)) {
      return apply(path, resource, body);
    }
    ObjectNode current = existing(path);
    JsonNode patched =
        switch (mediaType) {
          case MERGE_PATCH -> Patches.mergePatch(current, Json.parse(body));
          case JSON_PATCH -> Patches.jsonPatch(current, body);
          case STRATEGIC_MERGE_PATCH -> {
            if (ApiResource.builtIn(resource.group(), resource.version(), resource.plural())
                .isEmpty()) {
              throw new SimulatorError(
                  415,
                  "UnsupportedMediaType",
                  "strategic merge patch is not supported for "
                      + "custom resources; use a JSON merge patch or server-side apply",
                  resource.kind(),
                  path.name(),
                  java.util.List.of());
            }
            yield StrategicMerge.apply(current, Json.parse(body));
          }
          default -> throw SimulatorError.unsupportedMediaType(mediaType);
        };
    if (!(patched instanceof ObjectNode object)) {
      throw SimulatorError.badRequest("the patch does not leave an object");
    }
    checkResourceVersion(path, current, object);
    return commit(path, resource, current, object, manager);
  }

  /**
   * A write to the {@code scale} subresource: the patch or replacement applies to the Scale view,
   * and only the parent's {@code spec.replicas} changes (owned by the writer, subresource "scale",
   * as the real server records it).
   */
  private WriteResult scale(
      String method,
      ResourcePath path,
      ApiResource resource,
      String mediaType,
      String body,
      String manager) {
    Scales.requireScalable(path);
    ObjectNode current = existing(path);
    ObjectNode view = Scales.of(current);
    JsonNode written =
        switch (method) {
          case "PUT" -> Json.parseObject(body, false);
          case "PATCH" ->
              switch (mediaType) {
                // a Scale has no merge keys: a strategic merge patch is a merge patch on it
                case MERGE_PATCH, STRATEGIC_MERGE_PATCH ->
                    Patches.mergePatch(view, Json.parse(body));
                case JSON_PATCH -> Patches.jsonPatch(view, body);
                default ->
                    throw new SimulatorError(
                        415,
                        "UnsupportedMediaType",
                        "the simulator does not support "
                            + mediaType
                            + " on the scale subresource; use a merge, strategic merge or JSON patch",
                        "Scale",
                        path.name(),
                        java.util.List.of());
              };
          default ->
              throw new SimulatorError(
                  405,
                  "MethodNotAllowed",
                  "method " + method + " is not supported on the scale subresource",
                  null,
                  null,
                  java.util.List.of());
        };
    checkResourceVersion(path, current, written);
    ObjectNode candidate = current.deepCopy();
    Json.with(candidate, "spec").put("replicas", Scales.replicas(written, path.name()));
    return commit(path, resource, current, candidate, manager);
  }

  private WriteResult apply(ResourcePath path, ApiResource resource, String body) {
    String manager = path.query().get("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw SimulatorError.badRequest(
          "PATCH /" + path.plural() + ": fieldManager is required for apply requests");
    }
    ObjectNode applied = Json.parseObject(body, true);
    String kind = Json.text(applied, "kind");
    if (kind != null && !kind.equals(resource.kind())) {
      throw SimulatorError.badRequest(
          "the kind of the applied object ("
              + kind
              + ") does not match the resource ("
              + resource.kind()
              + ")");
    }
    checkNamespace(path, Json.with(applied, "metadata"));
    if (resource.statusSubresource() && !path.isStatus()) {
      applied.remove("status"); // the main resource ignores status, as the real server does
    }
    ObjectNode current = store.read(path).orElse(null);
    if (current != null) {
      checkResourceVersion(path, current, applied);
    }
    boolean force = "true".equals(path.query().get("force"));
    ObjectNode merged =
        ServerSideApply.apply(
            current,
            applied,
            manager,
            force,
            path.apiVersion(),
            resource.kind(),
            path.name(),
            lastAppliedFields(manager, current));
    if (current == null && !path.query().containsKey("dryRun")) {
      addresses.allocate(resource, merged);
    }
    return commit(path, resource, current, merged, null);
  }

  /**
   * The fields of kubectl's last-applied annotation, whose conflicts the real server lets the
   * manager "kubectl" take over without force: so a first {@code kubectl apply --server-side} on an
   * object that {@code kubectl apply} managed succeeds, as it does live.
   */
  private static java.util.Set<FieldPath> lastAppliedFields(String manager, ObjectNode current) {
    String lastApplied =
        current == null
            ? null
            : Json.text(
                current,
                "metadata",
                "annotations",
                "kubectl.kubernetes.io/last-applied-configuration");
    if (!"kubectl".equals(manager) || lastApplied == null) {
      return java.util.Set.of();
    }
    try {
      return FieldSets.of(Json.parseObject(lastApplied, false));
    } catch (SimulatorError e) {
      return java.util.Set.of(); // an annotation that is not JSON allows nothing
    }
  }

  /**
   * Finishes and stores a candidate. {@code manager} null means ownership was already recorded
   * (apply).
   */
  private WriteResult commit(
      ResourcePath path,
      ApiResource resource,
      ObjectNode before,
      ObjectNode candidate,
      String manager) {
    ObjectNode after = candidate;
    if (path.isStatus()) {
      after = before.deepCopy();
      if (candidate.has("status")) {
        after.set("status", candidate.get("status"));
      } else {
        after.remove("status");
      }
      if (resource.kind().equals("Deployment")) {
        // the Deployment status strategy keeps spec and labels only: the deployment controller
        // writes its revision annotation with the status, without a new generation
        JsonNode annotations = candidate.path("metadata").get("annotations");
        if (annotations != null) {
          Json.with(after, "metadata").set("annotations", annotations);
        }
      }
    } else if (resource.statusSubresource()) {
      if (before != null && before.has("status")) {
        after.set("status", before.get("status"));
      } else {
        after.remove("status");
      }
    }
    ResourcePath objectPath = path.withSubresource(null);
    checkLabels(resource, objectPath.name(), after);
    boolean generationChanged =
        ObjectMetadata.settle(before, after, objectPath, resource, path.isStatus());
    if (manager != null) {
      FieldOwnership.recordUpdate(before, after, manager, path.apiVersion(), path.subresource());
    }
    if (!ObjectMetadata.changed(before, after)) {
      return new WriteResult(200, before, objectPath, resource, false);
    }
    if (path.query().containsKey("dryRun")) {
      // a dry run changes nothing, so the real server answers with the stored resourceVersion
      String stored = before == null ? null : Json.text(before, "metadata", "resourceVersion");
      if (stored == null) {
        Json.with(after, "metadata").remove("resourceVersion");
      } else {
        Json.with(after, "metadata").put("resourceVersion", stored);
      }
    } else {
      Json.with(after, "metadata")
          .put("resourceVersion", Long.toString(store.nextResourceVersion()));
      store.put(objectPath, after);
    }
    return new WriteResult(
        before == null ? 201 : 200, after, objectPath, resource, generationChanged);
  }

  private ObjectNode existing(ResourcePath path) {
    if (path.name() == null) {
      throw new SimulatorError(
          405,
          "MethodNotAllowed",
          "a collection cannot be replaced or patched",
          null,
          null,
          java.util.List.of());
    }
    return store.read(path).orElseThrow(() -> SimulatorError.notFound(path, path.name()));
  }

  private static void checkResourceVersion(
      ResourcePath path, JsonNode current, JsonNode candidate) {
    String wanted = Json.text(candidate, "metadata", "resourceVersion");
    if (wanted != null
        && !wanted.isEmpty()
        && !Objects.equals(wanted, Json.text(current, "metadata", "resourceVersion"))) {
      throw SimulatorError.staleResourceVersion(path, path.name());
    }
  }

  private static final java.util.regex.Pattern LABEL_VALUE =
      java.util.regex.Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /**
   * Label values as the API server validates them (a 422 naming the label), so dry runs and applies
   * can fail on them.
   */
  private static void checkLabels(ApiResource resource, String name, ObjectNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    labels
        .fields()
        .forEachRemaining(
            e -> {
              String value = e.getValue().asText("");
              if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                throw SimulatorError.invalid(
                    resource.kind(),
                    name,
                    "metadata.labels",
                    "Invalid value: \""
                        + value
                        + "\": a valid label must be an empty string or consist of alphanumeric "
                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character");
              }
            });
  }

  private static void checkNamespace(ResourcePath path, ObjectNode meta) {
    String ns = Json.text(meta, "namespace");
    if (ns != null && path.namespace() != null && !ns.equals(path.namespace())) {
      throw SimulatorError.badRequest(
          "the namespace of the provided object ("
              + ns
              + ") does not match the namespace sent on the request ("
              + path.namespace()
              + ")");
    }
  }

  /**
   * The manager of a non-apply write: ?fieldManager=, else the client's user agent name, as the
   * real server does.
   */
  private static String manager(ResourcePath path, String userAgent) {
    String explicit = path.query().get("fieldManager");
    if (explicit != null && !explicit.isEmpty()) {
      return explicit;
    }
    if (userAgent != null && !userAgent.isBlank()) {
      return userAgent.split("/")[0].trim();
    }
    return "unknown";
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return JSON_PATCH;
    }
    return contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  private static String randomSuffix() {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
    }
    return sb.toString();
  }
}
