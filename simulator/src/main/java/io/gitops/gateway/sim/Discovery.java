package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * API discovery ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>}, {@code
 * /apis/<group>/<version>}) for the built-in kinds and for the CRDs stored in the simulator, so
 * clients resolve a kind to its plural and scope exactly as against a real server.
 */
final class Discovery {
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final Supplier<List<JsonNode>> crds;

  Discovery(Supplier<List<JsonNode>> crds) {
    this.crds = crds;
  }

  /** The discovery document for {@code path}, or empty when the path is not a discovery path. */
  Optional<ObjectNode> answer(String rawPath) {
    String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    if (p.length == 1 && p[0].equals("api")) {
      ObjectNode versions = Json.object().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions
          .putArray("serverAddressByClientCIDRs")
          .addObject()
          .put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", "127.0.0.1");
      return Optional.of(versions);
    }
    if (p.length == 2 && p[0].equals("api") && p[1].equals("v1")) {
      return Optional.of(resourceList("", "v1"));
    }
    if (p.length == 1 && p[0].equals("apis")) {
      ObjectNode list = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = list.putArray("groups");
      groupVersions().forEach((group, versions) -> groups.add(group(group, versions)));
      return Optional.of(list);
    }
    if (p.length == 2 && p[0].equals("apis")) {
      List<String> versions = groupVersions().get(p[1]);
      return versions == null
          ? Optional.empty()
          : Optional.of(group(p[1], versions).put("apiVersion", "v1"));
    }
    if (p.length == 3 && p[0].equals("apis")) {
      List<String> versions = groupVersions().get(p[1]);
      return versions == null || !versions.contains(p[2])
          ? Optional.empty()
          : Optional.of(resourceList(p[1], p[2]));
    }
    return Optional.empty();
  }

  /** Every served kind: built-in first, then those defined by stored CRDs. */
  List<ApiResource> resources() {
    List<ApiResource> all = new ArrayList<>(ApiResource.BUILT_IN);
    for (JsonNode crd : crds.get()) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      for (JsonNode v : spec.path("versions")) {
        if (!v.path("served").asBoolean(true)) {
          continue;
        }
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(s -> shortNames.add(s.asText()));
        all.add(
            new ApiResource(
                spec.path("group").asText(),
                v.path("name").asText(),
                names.path("plural").asText(),
                names
                    .path("singular")
                    .asText(names.path("kind").asText().toLowerCase(java.util.Locale.ROOT)),
                names.path("kind").asText(),
                !"Cluster".equals(spec.path("scope").asText()),
                v.path("subresources").has("status"),
                shortNames));
      }
    }
    return all;
  }

  private Map<String, List<String>> groupVersions() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (ApiResource r : resources()) {
      if (!r.group().isEmpty()) {
        out.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version());
      }
    }
    Map<String, List<String>> lists = new LinkedHashMap<>();
    out.forEach((g, v) -> lists.put(g, new ArrayList<>(v)));
    return lists;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode g = Json.object().put("kind", "APIGroup").put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      vs.addObject().put("groupVersion", name + "/" + v).put("version", v);
    }
    g.putObject("preferredVersion")
        .put("groupVersion", name + "/" + versions.get(0))
        .put("version", versions.get(0));
    return g;
  }

  private ObjectNode resourceList(String group, String version) {
    ObjectNode list =
        Json.object()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode items = list.putArray("resources");
    for (ApiResource r : resources()) {
      if (!r.group().equals(group) || !r.version().equals(version)) {
        continue;
      }
      ObjectNode n =
          items
              .addObject()
              .put("name", r.plural())
              .put("singularName", r.singular())
              .put("namespaced", r.namespaced())
              .put("kind", r.kind());
      VERBS.forEach(n.putArray("verbs")::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(n.putArray("shortNames")::add);
      }
      if (r.statusSubresource()) {
        ObjectNode s =
            items
                .addObject()
                .put("name", r.plural() + "/status")
                .put("singularName", "")
                .put("namespaced", r.namespaced())
                .put("kind", r.kind());
        List.of("get", "patch", "update").forEach(s.putArray("verbs")::add);
      }
      if (Scales.scalable(r.group(), r.plural())) {
        ObjectNode s =
            items
                .addObject()
                .put("name", r.plural() + "/scale")
                .put("singularName", "")
                .put("namespaced", r.namespaced())
                .put("group", "autoscaling")
                .put("version", "v1")
                .put("kind", "Scale");
        List.of("get", "patch", "update").forEach(s.putArray("verbs")::add);
      }
    }
    return list;
  }
}
