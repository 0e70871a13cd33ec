package io.gitops.gateway.api.graphql;

import graphql.GraphQLContext;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.AppBody;
import io.gitops.gateway.api.AppQuery;
import io.gitops.gateway.api.AppService;
import io.gitops.gateway.api.feed.FeedRequest;
import io.gitops.gateway.api.feed.FeedStats;
import io.gitops.gateway.api.feed.StatusFeed;
import io.gitops.gateway.api.rest.AppRoutes;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.cluster.ClusterConnection;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.Propagation;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.gitops.gateway.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.dataloader.DataLoader;

/**
 * The GraphQL fields, answered by the same {@link AppService} as REST and authorised by the same
 * {@link Access}: a tenant the caller has no role in is "not found", too small a role "forbidden".
 */
final class GraphQLFetchers {
  static final String PRINCIPAL = "principal";
  static final String ROUTING = "routing";
  static final String APP_COUNTS = "appCounts";

  private final Access access;
  private final AppService apps;
  private final Clusters clusters;
  private final StatusFeed feed;
  private final FeedStats stats;

  GraphQLFetchers(
      Access access, AppService apps, Clusters clusters, StatusFeed feed, FeedStats stats) {
    this.access = access;
    this.apps = apps;
    this.clusters = clusters;
    this.feed = feed;
    this.stats = stats;
  }

  DataFetcher<List<Map<String, Object>>> tenants() {
    return env -> {
      Principal p = principal(env);
      List<Map<String, Object>> out = new ArrayList<>();
      for (Tenant t : access.tenants().values()) {
        access
            .roleIn(p, t.id())
            .ifPresent(
                role ->
                    out.add(
                        new HashMap<>(
                            Map.of(
                                "name",
                                t.id().value(),
                                "displayName",
                                t.displayName(),
                                "role",
                                role.name().toLowerCase()))));
      }
      out.sort((a, b) -> ((String) a.get("name")).compareTo((String) b.get("name")));
      return out;
    };
  }

  /** Tenant.appCount through a DataLoader: all tenants of a request in one SQL query. */
  DataFetcher<Map<String, Object>> owner() {
    return env -> {
      String name = (String) ((Map<?, ?>) env.getSource()).get("tenant");
      TenantId id = new TenantId(name);
      Tenant t = access.tenant(id).orElseThrow(() -> ApiException.notFound("tenant " + name));
      String role =
          access
              .roleIn(principal(env), id)
              .map(r -> r.name().toLowerCase())
              .orElseThrow(() -> ApiException.notFound("tenant " + name));
      return new HashMap<>(Map.of("name", name, "displayName", t.displayName(), "role", role));
    };
  }

  DataFetcher<Object> appCount() {
    return env -> {
      Map<String, Object> tenant = env.getSource();
      DataLoader<TenantId, Integer> loader = env.getDataLoader(APP_COUNTS);
      return loader.load(new TenantId((String) tenant.get("name")));
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> apps(boolean nested) {
    return env -> {
      String tenantName =
          nested ? (String) ((Map<?, ?>) env.getSource()).get("name") : env.getArgument("tenant");
      TenantId tenant = require(env, tenantName, Role.VIEWER);
      Map<String, Object> filter = env.getArgumentOrDefault("filter", Map.of());
      Integer first = env.getArgument("first");
      String after = env.getArgument("after");
      Map<String, String> params = new HashMap<>();
      for (String k : List.of("cluster", "namespace", "sync", "health")) {
        if (filter.get(k) != null) {
          params.put(k, (String) filter.get(k));
        }
      }
      if (first != null) {
        params.put("limit", String.valueOf(first));
      }
      if (after != null) {
        params.put("cursor", after);
      }
      @SuppressWarnings("unchecked")
      List<String> labels = (List<String>) filter.getOrDefault("labels", List.of());
      AppQuery query = AppQuery.parse(params::get, labels == null ? List.of() : labels);
      return apps.page(tenant, query).map(GraphQLFetchers::connection).toCompletionStage();
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> app() {
    return env -> {
      AppId id = appId(env, Role.VIEWER);
      return apps.get(id)
          .map(GraphQLFetchers::node)
          .recover(
              err ->
                  err instanceof ApiException e && e.status() == 404
                      ? Future.succeededFuture(null)
                      : Future.failedFuture(err))
          .toCompletionStage();
    };
  }

  DataFetcher<List<Map<String, Object>>> clusters() {
    return env -> {
      Principal p = principal(env);
      boolean operator = access.isOperator(p);
      List<Map<String, Object>> out = new ArrayList<>();
      for (ClusterConnection c : clusters.all()) {
        String name = c.id().value();
        boolean visible =
            operator
                || access.tenants().values().stream()
                    .anyMatch(
                        t ->
                            access.roleIn(p, t.id()).isPresent()
                                && t.destinations().stream()
                                    .anyMatch(d -> globMatches(d.cluster(), name)));
        if (visible) {
          out.add(Map.of("name", name));
        }
      }
      return out;
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> create() {
    return env -> {
      TenantId tenant = require(env, env.getArgument("tenant"), Role.ADMIN);
      AppBody body = AppBody.parse(input(env).put("name", env.getArgument("name")), true);
      return apps.create(routing(env), tenant, body, env.getArgument("idempotencyKey"))
          .map(w -> node(w.app()))
          .toCompletionStage();
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> update() {
    return env -> {
      AppId id = appId(env, Role.ADMIN);
      Integer version = env.getArgument("version");
      return apps.update(
              routing(env),
              id,
              AppBody.parse(input(env), false),
              version == null ? null : version.longValue())
          .map(w -> node(w.app()))
          .toCompletionStage();
    };
  }

  DataFetcher<CompletionStage<Boolean>> delete() {
    return env -> {
      String cascade = env.getArgument("cascade");
      Propagation propagation =
          cascade == null ? Propagation.FOREGROUND : Propagation.parse(cascade);
      if (propagation == null) {
        throw new ApiException(
            400, "cascade must be foreground, background or orphan, got: " + cascade, "cascade");
      }
      return apps.delete(routing(env), appId(env, Role.ADMIN), propagation)
          .map(true)
          .toCompletionStage();
    };
  }

  /** refreshApp; syncApp, which takes the sync options, is {@link GraphQLSyncFetchers#sync}. */
  DataFetcher<CompletionStage<Map<String, Object>>> refresh() {
    return env ->
        apps.refresh(routing(env), appId(env, Role.DEPLOYER), false)
            .map(GraphQLFetchers::node)
            .toCompletionStage();
  }

  DataFetcher<FeedPublisher> statusChanged() {
    return env -> {
      Map<String, Object> f = env.getArgumentOrDefault("filter", Map.of());
      FeedRequest request =
          new FeedRequest(
              (String) f.get("tenant"), (String) f.get("app"), (String) f.get("cluster"), null);
      return new FeedPublisher(feed, request.scope(access, principal(env)), stats);
    };
  }

  DataFetcher<FeedPublisher> syncProgress() {
    return env -> {
      FeedRequest request =
          new FeedRequest(env.getArgument("tenant"), env.getArgument("app"), null, null);
      return new FeedPublisher(feed, request.scope(access, principal(env)), stats);
    };
  }

  /** App.labels as a list of pairs, App.objects from the status. */
  static DataFetcher<List<Map<String, Object>>> labels() {
    return env -> {
      Map<String, Object> app = env.getSource();
      List<Map<String, Object>> out = new ArrayList<>();
      ((Map<?, ?>) app.get("labels")).forEach((k, v) -> out.add(Map.of("key", k, "value", v)));
      return out;
    };
  }

  static DataFetcher<Object> objects() {
    return env -> ((Map<?, ?>) ((Map<?, ?>) env.getSource()).get("status")).get("resources");
  }

  /** Destination cluster globs ('*' any run, '?' one character), as the tenant files write them. */
  private static boolean globMatches(String glob, String value) {
    return value.matches(
        java.util.regex.Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
  }

  private static Map<String, Object> connection(AppStore.Page page) {
    List<Map<String, Object>> edges = new ArrayList<>();
    page.items()
        .forEach(
            a ->
                edges.add(
                    Map.of("cursor", AppQuery.encodeCursor(a.app().id().name()), "node", node(a))));
    Map<String, Object> pageInfo = new HashMap<>();
    pageInfo.put("hasNextPage", page.more());
    pageInfo.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
    return Map.of("edges", edges, "pageInfo", pageInfo);
  }

  /** An app as plain maps and lists, built once: every field below it is then a map lookup. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> node(AppStore.Labeled app) {
    return (Map<String, Object>) plain(AppRoutes.json(app));
  }

  /**
   * JSON as the maps and lists graphql-java reads natively. Fetchers return plain values and
   * CompletionStages, so no per-field instrumentation has to adapt Vert.x types (see {@link
   * io.gitops.gateway.api.graphql.Instrumentations}).
   */
  static Object plain(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> out = new java.util.LinkedHashMap<>(o.size() * 2);
      o.getMap().forEach((k, v) -> out.put(k, plain(v)));
      return out;
    }
    if (value instanceof JsonArray a) {
      List<Object> out = new ArrayList<>(a.size());
      a.getList().forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      return plain(new JsonObject((Map<String, Object>) m));
    }
    if (value instanceof List<?> l) {
      return plain(new JsonArray(l));
    }
    return value;
  }

  private static JsonObject input(DataFetchingEnvironment env) {
    return AppInputs.restBody(env.getArgument("input"));
  }

  /**
   * AppSpec.source: the app's source, or of a multi-source app (whose spec holds only {@code
   * sources}) the first source that renders, as AppSpec.Source#renders decides: a chart, a source
   * without ref, or a ref source with a path.
   */
  static DataFetcher<Object> primarySource() {
    return env -> {
      Map<?, ?> spec = env.getSource();
      if (spec.get("source") != null || !(spec.get("sources") instanceof List<?> sources)) {
        return spec.get("source");
      }
      for (Object o : sources) {
        Map<?, ?> source = (Map<?, ?>) o;
        String path = source.get("path") instanceof String p ? p : "";
        if (source.get("chart") != null
            || source.get("ref") == null
            || !(path.isEmpty() || path.equals("."))) {
          return source;
        }
      }
      return sources.isEmpty() ? null : sources.get(0);
    };
  }

  /** Helm.values: the stored object as JSON text, which is also YAML the input accepts back. */
  @SuppressWarnings("unchecked")
  static DataFetcher<String> helmValues() {
    return env -> {
      Object values = ((Map<?, ?>) env.getSource()).get("values");
      return values == null ? null : new JsonObject((Map<String, Object>) plain(values)).encode();
    };
  }

  TenantId require(DataFetchingEnvironment env, String tenantName, Role needed) {
    TenantId tenant;
    try {
      tenant = new TenantId(tenantName);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("tenant " + tenantName);
    }
    Role role =
        access
            .roleIn(principal(env), tenant)
            .orElseThrow(() -> ApiException.notFound("tenant " + tenantName));
    if (!role.includes(needed)) {
      throw new ApiException(
          403,
          "role "
              + role.name().toLowerCase()
              + " may not do this; it needs "
              + needed.name().toLowerCase());
    }
    return tenant;
  }

  AppId appId(DataFetchingEnvironment env, Role needed) {
    TenantId tenant = require(env, env.getArgument("tenant"), needed);
    String name =
        env.getArgument("name") != null ? env.getArgument("name") : env.getArgument("app");
    try {
      return new AppId(tenant, name);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage(), "name");
    }
  }

  static Principal principal(DataFetchingEnvironment env) {
    GraphQLContext ctx = env.getGraphQlContext();
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new ApiException(401, "no token");
    }
    return p;
  }

  static RoutingContext routing(DataFetchingEnvironment env) {
    RoutingContext ctx = env.getGraphQlContext().get(ROUTING);
    if (ctx == null) {
      throw new ApiException(400, "mutations go over HTTP POST /graphql, not the WebSocket");
    }
    return ctx;
  }
}
