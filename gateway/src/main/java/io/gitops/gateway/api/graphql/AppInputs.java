package io.gitops.gateway.api.graphql;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * GraphQL's {@code AppInput} in the REST body's shape, so the same checks ({@code AppBody}, {@code
 * AppJson}) apply to both. It covers the whole spec: {@code updateApp} replaces the spec, and a
 * field GraphQL could not express would be erased by every update.
 */
final class AppInputs {
  private static final List<String> SINGLE_SOURCE =
      List.of(
          "repoURL", "targetRevision", "path", "chart", "sourceType", "helm", "directory", "ref");

  private AppInputs() {}

  @SuppressWarnings("unchecked")
  static JsonObject restBody(Map<String, Object> in) {
    JsonObject body = new JsonObject();
    // sources with single-source fields too is passed on as both, for the REST check to refuse
    // by name rather than dropping what was written
    if (in.get("sources") != null) {
      JsonArray sources = new JsonArray();
      ((List<Map<String, Object>>) in.get("sources")).forEach(s -> sources.add(source(s)));
      body.put("sources", sources);
    }
    if (in.get("sources") == null || SINGLE_SOURCE.stream().anyMatch(f -> in.get(f) != null)) {
      body.put("source", source(in));
    }
    body.put(
        "destination",
        new JsonObject().put("cluster", in.get("cluster")).put("namespace", in.get("namespace")));
    JsonObject syncPolicy = new JsonObject();
    if (Boolean.TRUE.equals(in.get("automated"))) {
      syncPolicy.put(
          "automated",
          new JsonObject()
              .put("prune", Boolean.TRUE.equals(in.get("prune")))
              .put("selfHeal", Boolean.TRUE.equals(in.get("selfHeal")))
              .put("allowEmpty", Boolean.TRUE.equals(in.get("allowEmpty"))));
    }
    if (in.get("syncOptions") != null) {
      syncPolicy.put("syncOptions", new JsonArray((List<Object>) in.get("syncOptions")));
    }
    if (!syncPolicy.isEmpty()) {
      body.put("syncPolicy", syncPolicy);
    }
    if (in.get("ignoreDifferences") != null) {
      JsonArray rules = new JsonArray();
      ((List<Map<String, Object>>) in.get("ignoreDifferences"))
          .forEach(r -> rules.add(new JsonObject(r)));
      body.put("ignoreDifferences", rules);
    }
    List<Map<String, Object>> labels = (List<Map<String, Object>>) in.get("labels");
    if (labels != null) {
      JsonObject l = new JsonObject();
      labels.forEach(kv -> l.put((String) kv.get("key"), kv.get("value")));
      body.put("labels", l);
    }
    return body;
  }

  @SuppressWarnings("unchecked")
  private static JsonObject source(Map<String, Object> in) {
    JsonObject source =
        new JsonObject()
            .put("repoURL", in.get("repoURL"))
            .put("targetRevision", in.get("targetRevision"))
            .put("path", in.get("path"));
    for (String field : List.of("sourceType", "helm", "directory", "chart", "ref")) {
      Object value = in.get(field);
      if (value != null) {
        source.put(
            field, value instanceof Map<?, ?> m ? new JsonObject((Map<String, Object>) m) : value);
      }
    }
    return source;
  }
}
