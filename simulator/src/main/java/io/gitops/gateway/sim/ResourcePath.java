package io.gitops.gateway.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes REST path taken apart: {@code /api/v1/namespaces/ns/configmaps/name} or {@code
 * /apis/apps/v1/namespaces/ns/deployments/name/status}, with its query parameters. Discovery paths
 * ({@code /api}, {@code /apis/apps/v1}) have no plural and are not parsed here.
 */
record ResourcePath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  static Optional<ResourcePath> parse(String rawPath) {
    int q = rawPath.indexOf('?');
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : parseQuery(rawPath.substring(q + 1));
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int rest;
    String group;
    String version;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      rest = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      rest = 3;
    } else {
      return Optional.empty();
    }
    List<String> tail = parts.subList(rest, parts.size());
    String namespace = null;
    // "namespaces/x/<plural>..." is namespaced; "namespaces/x" alone is the Namespace object
    // itself.
    if (tail.size() >= 3 && tail.get(0).equals("namespaces")) {
      namespace = tail.get(1);
      tail = tail.subList(2, tail.size());
    }
    if (tail.isEmpty() || tail.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourcePath(
            group,
            version,
            namespace,
            tail.get(0),
            tail.size() > 1 ? tail.get(1) : null,
            tail.size() > 2 ? tail.get(2) : null,
            query));
  }

  private static Map<String, String> parseQuery(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  ResourcePath withName(String newName) {
    return new ResourcePath(group, version, namespace, plural, newName, null, query);
  }

  ResourcePath withSubresource(String sub) {
    return new ResourcePath(group, version, namespace, plural, name, sub, Map.of());
  }

  /** The path of the object itself (no subresource, no query), as the CRUD store keys it. */
  String objectPath() {
    StringBuilder sb =
        new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
    if (namespace != null) {
      sb.append("/namespaces/").append(namespace);
    }
    sb.append('/').append(plural);
    if (name != null) {
      sb.append('/').append(name);
    }
    return sb.toString();
  }

  boolean isStatus() {
    return "status".equals(subresource);
  }
}
