package io.gitops.gateway.codec;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.ResourceStatus;
import io.gitops.gateway.sync.plan.SyncOptionNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of an app, shared by the API and the database: Argo CD's field names ({@code
 * repoURL}, {@code targetRevision}, {@code syncPolicy.automated}) so its users feel at home.
 */
public final class AppJson {
  private AppJson() {}

  /** Reads a spec, naming the first field that is wrong; unknown fields are refused. */
  public static AppSpec specFrom(AppId id, JsonObject json) {
    onlyKnown(
        json, "", Set.of("source", "sources", "destination", "syncPolicy", "ignoreDifferences"));
    List<AppSpec.Source> sources = SourcesJson.from(json);
    AppSpec.Source source =
        sources.isEmpty()
            ? SourceJson.from(object(json, "source", true))
            : SourcesJson.primary(sources);
    JsonObject dest = object(json, "destination", true);
    onlyKnown(dest, "destination.", Set.of("cluster", "namespace"));
    JsonObject policy = object(json, "syncPolicy", false);
    onlyKnown(policy, "syncPolicy.", Set.of("automated", "syncOptions"));
    JsonObject automated = object(policy, "syncPolicy.automated", false);
    onlyKnown(automated, "syncPolicy.automated.", Set.of("prune", "selfHeal", "allowEmpty"));
    return new AppSpec(
        id,
        source,
        new AppSpec.Destination(
            new ClusterId(text(dest, "destination.cluster", true)),
            text(dest, "destination.namespace", false)),
        new AppSpec.SyncPolicy(
            policy.containsKey("automated"),
            flag(automated, "prune"),
            flag(automated, "selfHeal"),
            flag(automated, "allowEmpty"),
            strings(policy, "syncPolicy.syncOptions")),
        IgnoreDifferencesJson.from(json.getValue("ignoreDifferences")),
        sources);
  }

  public static JsonObject specJson(AppSpec spec) {
    JsonObject json = SourcesJson.to(spec);
    json.put(
        "destination",
        new JsonObject()
            .put("cluster", spec.destination().cluster().value())
            .put("namespace", spec.destination().namespace()));
    if (spec.syncPolicy().automated()) {
      json.put(
          "syncPolicy",
          new JsonObject()
              .put(
                  "automated",
                  new JsonObject()
                      .put("prune", spec.syncPolicy().prune())
                      .put("selfHeal", spec.syncPolicy().selfHeal())
                      .put("allowEmpty", spec.syncPolicy().allowEmpty())));
    }
    if (!spec.syncPolicy().syncOptions().isEmpty()) {
      JsonObject policy = json.getJsonObject("syncPolicy", new JsonObject());
      json.put(
          "syncPolicy", policy.put("syncOptions", new JsonArray(spec.syncPolicy().syncOptions())));
    }
    if (!spec.ignoreDifferences().isEmpty()) {
      json.put("ignoreDifferences", IgnoreDifferencesJson.to(spec.ignoreDifferences()));
    }
    return json;
  }

  public static JsonObject statusJson(AppStatus status) {
    JsonArray resources = new JsonArray();
    for (ResourceStatus r : status.resources()) {
      resources.add(resourceJson(r));
    }
    return new JsonObject()
        .put(
            "sync",
            new JsonObject()
                .put("status", status.sync().label())
                .put("revision", status.revision()))
        .put(
            "health",
            new JsonObject()
                .put("status", status.health().label())
                .put("message", status.healthMessage()))
        .put("message", status.message())
        .put(
            "reconciledAt", status.reconciledAt() == null ? null : status.reconciledAt().toString())
        .put("resources", resources);
  }

  public static JsonObject resourceJson(ResourceStatus r) {
    return new JsonObject()
        .put("group", r.key().group())
        .put("kind", r.key().kind())
        .put("namespace", r.key().namespace())
        .put("name", r.key().name())
        .put("status", r.sync().label())
        .put("health", r.health() == null ? null : r.health().label())
        .put("message", r.message());
  }

  static void onlyKnown(JsonObject json, String prefix, Set<String> known) {
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw new InvalidSpecException(
            prefix + field, "unknown field (known: " + String.join(", ", known) + ")");
      }
    }
  }

  /** The object at {@code path}'s last segment; errors name the whole dotted path. */
  static JsonObject object(JsonObject json, String path, boolean required) {
    Object value = json.getValue(path.substring(path.lastIndexOf('.') + 1));
    if (value == null) {
      if (required) {
        throw new InvalidSpecException(path, "is required");
      }
      return new JsonObject();
    }
    if (!(value instanceof JsonObject obj)) {
      throw new InvalidSpecException(path, "must be an object");
    }
    return obj;
  }

  static String text(JsonObject json, String path, boolean required) {
    String field = path.substring(path.lastIndexOf('.') + 1);
    Object value = json.getValue(field);
    if (value == null || (value instanceof String s && s.isBlank())) {
      if (required) {
        throw new InvalidSpecException(path, "is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw new InvalidSpecException(path, "must be a string");
    }
    return s;
  }

  /** A list of {@code Key=Value} strings, as Argo CD's {@code syncOptions}. */
  private static java.util.List<String> strings(JsonObject json, String path) {
    Object value = json.getValue("syncOptions");
    if (value == null) {
      return java.util.List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidSpecException(path, "must be a list of Key=Value strings");
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || !s.contains("=")) {
        throw new InvalidSpecException(path, "must be a list of Key=Value strings, got " + item);
      }
      out.add(s);
    }
    // Argo CD's names (and the gateway's own): a misspelt option must not silently do nothing
    SyncOptionNames.appProblem(out)
        .ifPresent(
            problem -> {
              throw new InvalidSpecException(path, problem);
            });
    return out;
  }

  private static boolean flag(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw new InvalidSpecException("syncPolicy.automated." + field, "must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }
}
