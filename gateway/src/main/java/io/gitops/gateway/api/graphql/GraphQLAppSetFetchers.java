package io.gitops.gateway.api.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.AppSets;
import io.gitops.gateway.api.Environments;
import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * GraphQL's app sets and environments: the same services and roles as REST (viewer), answers as
 * plain maps for graphql-java's property fetchers.
 */
final class GraphQLAppSetFetchers {
  private final GraphQLFetchers f;
  private final AppSets sets;
  private final Environments environments;
  private final ClusterLabels clusterLabels;

  GraphQLAppSetFetchers(
      GraphQLFetchers f, AppSets sets, Environments environments, ClusterLabels clusterLabels) {
    this.f = f;
    this.sets = sets;
    this.environments = environments;
    this.clusterLabels = clusterLabels;
  }

  /** Cluster.labels: the cluster's labels (configuration or admin API), sorted by key. */
  DataFetcher<List<Map<String, Object>>> clusterLabels() {
    return env -> {
      Map<String, Object> cluster = env.getSource();
      List<Map<String, Object>> out = new ArrayList<>();
      new java.util.TreeMap<>(clusterLabels.of((String) cluster.get("name")))
          .forEach((k, v) -> out.add(Map.of("key", k, "value", v)));
      return out;
    };
  }

  DataFetcher<CompletionStage<List<Map<String, Object>>>> appSets() {
    return env -> {
      TenantId tenant = f.require(env, env.getArgument("tenant"), Role.VIEWER);
      return sets.list(tenant)
          .map(
              all -> {
                List<Map<String, Object>> out = new ArrayList<>();
                all.forEach(s -> out.add(appSet((JsonObject) s)));
                return out;
              })
          .toCompletionStage();
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> appSet() {
    return env -> {
      AppId id = f.appId(env, Role.VIEWER); // a set's name follows an app's rules
      return sets.get(id.tenant(), id.name())
          .map(found -> found.map(GraphQLAppSetFetchers::appSet).orElse(null))
          .toCompletionStage();
    };
  }

  DataFetcher<CompletionStage<List<Object>>> environments() {
    return env -> {
      TenantId tenant = f.require(env, env.getArgument("tenant"), Role.VIEWER);
      return environments
          .matrix(tenant, selection(env, tenant), by(env))
          .map(m -> plain(m).get("environments"))
          .map(rows -> (List<Object>) rows)
          .toCompletionStage();
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> compareEnvironments() {
    return env -> {
      TenantId tenant = f.require(env, env.getArgument("tenant"), Role.VIEWER);
      return environments
          .compare(
              tenant, selection(env, tenant), by(env), env.getArgument("a"), env.getArgument("b"))
          .map(GraphQLAppSetFetchers::plain)
          .recover(
              err ->
                  err instanceof ApiException e && e.status() == 404
                      ? Future.succeededFuture(null)
                      : Future.failedFuture(err))
          .toCompletionStage();
    };
  }

  private static String by(DataFetchingEnvironment env) {
    String by = env.getArgument("by");
    return by == null ? "cluster" : by;
  }

  private static Environments.Selection selection(DataFetchingEnvironment env, TenantId tenant) {
    String appSet = env.getArgument("appSet");
    List<String> labels = env.getArgument("labels");
    if ((appSet == null) == (labels == null || labels.isEmpty())) {
      throw new ApiException(400, "give appSet or labels (key=value), not both", "appSet");
    }
    if (appSet != null) {
      try {
        new AppId(tenant, appSet);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "is not an app set name", "appSet");
      }
      return new Environments.Selection(appSet, Map.of());
    }
    Map<String, String> match = new LinkedHashMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new ApiException(400, "must be key=value", "labels");
      }
      match.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return new Environments.Selection(null, Map.copyOf(match));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(JsonObject json) {
    return Json.decodeValue(json.encode(), Map.class);
  }

  /** The REST shape flattened: status fields at the top, the spec as JSON text. */
  private static Map<String, Object> appSet(JsonObject s) {
    JsonObject status = s.getJsonObject("status", new JsonObject());
    Map<String, Object> out = plain(status);
    out.put("tenant", s.getString("tenant"));
    out.put("name", s.getString("name"));
    out.put("version", s.getLong("version"));
    out.put("spec", s.getJsonObject("spec").encode());
    out.putIfAbsent("apps", List.of());
    out.putIfAbsent("refused", List.of());
    Object refused = out.get("refused");
    if (refused instanceof List<?> list) {
      List<Map<String, Object>> flat = new ArrayList<>();
      for (Object r : list) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) r);
        Object params = m.get("params");
        List<String> pairs = new ArrayList<>();
        if (params instanceof Map<?, ?> p) {
          p.forEach((k, v) -> pairs.add(k + "=" + v));
        }
        m.put("params", pairs);
        flat.add(m);
      }
      out.put("refused", flat);
    }
    return out;
  }
}
