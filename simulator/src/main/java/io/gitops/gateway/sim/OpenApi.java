package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A minimal OpenAPI v3 ({@code /openapi/v3} and one document per group/version) that says only what
 * kubectl asks it before a write: that every kind's PATCH takes the {@code fieldValidation} query
 * parameter, so kubectl leaves validation to the server instead of refusing to run without a
 * schema. It carries no schemas: {@code kubectl explain} has nothing to show, and kubectl computes
 * strategic merge patches from its built-in types as it does when a server has no OpenAPI.
 */
final class OpenApi {
  private static final String PREFIX = "/openapi/v3";

  private final Supplier<List<ApiResource>> resources;

  OpenApi(Supplier<List<ApiResource>> resources) {
    this.resources = resources;
  }

  /** The document for {@code path} (without query), or empty when it is not an OpenAPI v3 path. */
  Optional<ObjectNode> answer(String path) {
    if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
      return Optional.of(root());
    }
    if (!path.startsWith(PREFIX + "/")) {
      return Optional.empty();
    }
    String gv = path.substring(PREFIX.length() + 1);
    List<ApiResource> served = resources.get().stream().filter(r -> apiPath(r).equals(gv)).toList();
    return served.isEmpty() ? Optional.empty() : Optional.of(groupVersion(served));
  }

  private ObjectNode root() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    Set<String> gvs = new LinkedHashSet<>();
    resources.get().forEach(r -> gvs.add(apiPath(r)));
    gvs.forEach(gv -> paths.putObject(gv).put("serverRelativeURL", PREFIX + "/" + gv));
    return root;
  }

  private static ObjectNode groupVersion(List<ApiResource> served) {
    ObjectNode doc = Json.object().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes (simulated)").put("version", "unversioned");
    ObjectNode paths = doc.putObject("paths");
    for (ApiResource r : served) {
      String base = "/" + apiPath(r) + (r.namespaced() ? "/namespaces/{namespace}/" : "/");
      ObjectNode patch = paths.putObject(base + r.plural() + "/{name}").putObject("patch");
      patch
          .put("operationId", "patch" + r.kind())
          .putObject("x-kubernetes-group-version-kind")
          .put("group", r.group())
          .put("version", r.version())
          .put("kind", r.kind());
      patch
          .putArray("parameters")
          .addObject()
          .put("name", "fieldValidation")
          .put("in", "query")
          .putObject("schema")
          .put("type", "string");
      patch.putObject("responses").putObject("200").put("description", "OK");
    }
    return doc;
  }

  private static String apiPath(ApiResource r) {
    return r.group().isEmpty() ? "api/" + r.version() : "apis/" + r.group() + "/" + r.version();
  }
}
