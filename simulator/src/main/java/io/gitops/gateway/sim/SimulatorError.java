package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request the simulated API server refuses, answered as a Kubernetes {@code Status} body with the
 * same code and reason a real kube-apiserver gives, so clients see the errors they would see live.
 */
final class SimulatorError extends RuntimeException {
  /**
   * One cause in {@code details.causes}: e.g. a field manager conflict on {@code .spec.replicas}.
   */
  record Cause(String type, String message, String field) {}

  final int code;
  final String reason;
  final String kind;
  final String resourceName;
  final List<Cause> causes;

  SimulatorError(
      int code,
      String reason,
      String message,
      String kind,
      String resourceName,
      List<Cause> causes) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.kind = kind;
    this.resourceName = resourceName;
    this.causes = causes;
  }

  static SimulatorError badRequest(String message) {
    return new SimulatorError(400, "BadRequest", message, null, null, List.of());
  }

  static SimulatorError notFound(ResourcePath path, String name) {
    return new SimulatorError(
        404,
        "NotFound",
        path.plural()
            + (path.group().isEmpty() ? "" : "." + path.group())
            + " \""
            + name
            + "\" not found",
        path.plural(),
        name,
        List.of());
  }

  static SimulatorError alreadyExists(ResourcePath path, String name) {
    return new SimulatorError(
        409,
        "AlreadyExists",
        path.plural()
            + (path.group().isEmpty() ? "" : "." + path.group())
            + " \""
            + name
            + "\" already exists",
        path.plural(),
        name,
        List.of());
  }

  static SimulatorError staleResourceVersion(ResourcePath path, String name) {
    return new SimulatorError(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + path.plural()
            + (path.group().isEmpty() ? "" : "." + path.group())
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version and try again",
        path.plural(),
        name,
        List.of());
  }

  static SimulatorError unsupportedMediaType(String contentType) {
    return new SimulatorError(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - "
            + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
            + "application/apply-patch+yaml"
            + (contentType == null ? "" : " (got " + contentType + ")"),
        null,
        null,
        List.of());
  }

  static SimulatorError invalid(String kind, String name, String field, String message) {
    return new SimulatorError(
        422,
        "Invalid",
        kind + " \"" + name + "\" is invalid: " + field + ": " + message,
        kind,
        name,
        List.of(new Cause("FieldValueRequired", message, field)));
  }

  ObjectNode toStatus() {
    ObjectNode status = Json.object();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status
        .put("status", "Failure")
        .put("message", getMessage())
        .put("reason", reason)
        .put("code", code);
    if (kind != null || resourceName != null || !causes.isEmpty()) {
      ObjectNode details = status.putObject("details");
      if (resourceName != null) {
        details.put("name", resourceName);
      }
      if (kind != null) {
        details.put("kind", kind);
      }
      if (!causes.isEmpty()) {
        ArrayNode list = details.putArray("causes");
        for (Cause c : causes) {
          ObjectNode n = list.addObject().put("reason", c.type()).put("message", c.message());
          if (c.field() != null) {
            n.put("field", c.field());
          }
        }
      }
    }
    return status;
  }
}
