package io.gitops.gateway.api.graphql;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.visibility.NoIntrospectionGraphqlFieldVisibility;
import io.gitops.gateway.api.AppService;
import io.gitops.gateway.api.AppSets;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.api.Environments;
import io.gitops.gateway.api.SyncActions;
import io.gitops.gateway.api.feed.FeedOptions;
import io.gitops.gateway.api.feed.MeteredStats;
import io.gitops.gateway.api.feed.StatusFeed;
import io.gitops.gateway.api.feed.TokenExpiry;
import io.gitops.gateway.api.rest.Problems;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.cluster.ClusterLabels;
import io.gitops.gateway.cluster.Clusters;
import io.gitops.gateway.metrics.GatewayMetrics;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.store.AppStore;
import io.gitops.gateway.tenancy.Access;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphQLHandler;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

/**
 * {@code /graphql}: queries and mutations over HTTP POST (bearer token), subscriptions over
 * graphql-transport-ws on the same path, token in connection_init ({@code {"token": …}} or {@code
 * {"Authorization": "Bearer …"}}; missing or bad: 4401). The WebSocket handler goes first: it takes
 * the upgrade requests and passes the rest on.
 */
public final class GraphQLRoutes {
  /**
   * Set {@code GITOPS_GRAPHQL_INTROSPECTION=false} (or -Dgitops.graphql.introspection=false) to
   * hide the schema.
   */
  public static boolean introspectionEnabled() {
    String value =
        System.getProperty(
            "gitops.graphql.introspection", System.getenv("GITOPS_GRAPHQL_INTROSPECTION"));
    return value == null || !value.trim().equalsIgnoreCase("false");
  }

  private GraphQLRoutes() {}

  public static void mount(
      Vertx vertx,
      Router root,
      BearerAuth bearer,
      Access access,
      AppService apps,
      AppStore store,
      Clusters clusters,
      StatusFeed feed,
      GatewayMetrics metrics,
      boolean introspection,
      SyncActions sync,
      AppSets appSets,
      Environments environments,
      ClusterLabels clusterLabels) {
    GraphQLFetchers f =
        new GraphQLFetchers(access, apps, clusters, feed, MeteredStats.of(metrics, "graphql-ws"));
    GraphQLSyncFetchers s = new GraphQLSyncFetchers(f, apps, sync);
    GraphQLAppSetFetchers sets = new GraphQLAppSetFetchers(f, appSets, environments, clusterLabels);
    GraphQL graphQL =
        GraphQL.newGraphQL(schema(f, s, sets, introspection))
            .instrumentation(
                new graphql.execution.instrumentation.ChainedInstrumentation(
                    List.of(Instrumentations.all(metrics), new GraphQLInputCheck())))
            .defaultDataFetcherExceptionHandler(new GraphQLErrors())
            .build();
    AtomicInteger connected = metrics.feedClients("graphql-ws");
    root.get("/graphql")
        .handler(
            GraphQLWSHandler.builder(graphQL)
                .onConnectionInit(
                    init -> {
                      JsonObject payload =
                          init.message().message().getJsonObject("payload", new JsonObject());
                      String token = payload.getString("token");
                      String header = payload.getString("Authorization");
                      if (token == null
                          && header != null
                          && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                        token = header.substring(7).trim();
                      }
                      String checked = token;
                      var socket = init.message().socket();
                      String from =
                          socket.remoteAddress() == null
                              ? null
                              : socket.remoteAddress().hostAddress();
                      bearer
                          .authenticate(token, from)
                          .onSuccess(
                              p -> {
                                connected.incrementAndGet();
                                TokenExpiry.closeAtExpiry(vertx, socket, checked);
                                TokenExpiry.recheck(
                                    vertx,
                                    feed.options().ping(),
                                    () -> !socket.isClosed(),
                                    () -> bearer.authenticate(checked, from),
                                    () ->
                                        socket.close(
                                            FeedOptions.UNAUTHORIZED, "token no longer valid"));
                                init.complete(p);
                              })
                          .onFailure(init::fail);
                    })
                .onSocketEnd(ws -> connected.updateAndGet(n -> Math.max(0, n - 1)))
                .beforeExecute(
                    in ->
                        in.builder()
                            .graphQLContext(
                                b ->
                                    b.put(
                                        GraphQLFetchers.PRINCIPAL, in.context().connectionParams()))
                            .dataLoaderRegistry(loaders(store, apps, sync)))
                .build())
        .handler(
            ctx ->
                Problems.send(
                    ctx,
                    400,
                    "GET /graphql is the graphql-transport-ws upgrade; queries go over POST",
                    null));
    root.post("/graphql")
        .handler(BodyHandler.create(false).setBodyLimit(256 * 1024))
        .handler(bearer)
        .handler(
            GraphQLHandler.builder(graphQL)
                .beforeExecute(
                    in ->
                        in.builder()
                            .graphQLContext(
                                b ->
                                    b.put(
                                            GraphQLFetchers.PRINCIPAL,
                                            (Principal) BearerAuth.principal(in.context()))
                                        .put(GraphQLFetchers.ROUTING, in.context()))
                            .dataLoaderRegistry(loaders(store, apps, sync)))
                .build())
        .failureHandler(Problems::handle);
  }

  /** A fresh registry per request: a DataLoader caches for one request only. */
  private static DataLoaderRegistry loaders(AppStore store, AppService apps, SyncActions sync) {
    DataLoaderRegistry registry = new DataLoaderRegistry();
    registry.register(
        GraphQLFetchers.APP_COUNTS,
        DataLoaderFactory.<TenantId, Integer>newDataLoader(
            keys ->
                store
                    .countByTenant(List.copyOf(keys))
                    .map(counts -> keys.stream().map(counts::get).toList())
                    .toCompletionStage()));
    GraphQLAppLoaders.register(registry, apps, sync);
    return registry;
  }

  private static GraphQLSchema schema(
      GraphQLFetchers f, GraphQLSyncFetchers s, GraphQLAppSetFetchers sets, boolean introspection) {
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .type(
                "Query",
                t ->
                    t.dataFetcher("tenants", f.tenants())
                        .dataFetcher("apps", f.apps(false))
                        .dataFetcher("app", f.app())
                        .dataFetcher("clusters", f.clusters())
                        .dataFetcher("appSets", sets.appSets())
                        .dataFetcher("appSet", sets.appSet())
                        .dataFetcher("environments", sets.environments())
                        .dataFetcher("compareEnvironments", sets.compareEnvironments()))
            .type(
                "Mutation",
                t ->
                    t.dataFetcher("createApp", f.create())
                        .dataFetcher("updateApp", f.update())
                        .dataFetcher("deleteApp", f.delete())
                        .dataFetcher("syncApp", s.sync())
                        .dataFetcher("refreshApp", f.refresh())
                        .dataFetcher("rollbackApp", s.rollback())
                        .dataFetcher("resumeAutoSync", s.resume()))
            .type(
                "Subscription",
                t ->
                    t.dataFetcher("appStatusChanged", f.statusChanged())
                        .dataFetcher("syncProgress", f.syncProgress()))
            .type(
                "Tenant",
                t -> t.dataFetcher("appCount", f.appCount()).dataFetcher("apps", f.apps(true)))
            .type(
                "App",
                t ->
                    t.dataFetcher("labels", GraphQLFetchers.labels())
                        .dataFetcher("objects", GraphQLFetchers.objects())
                        .dataFetcher("owner", f.owner())
                        .dataFetcher("diff", GraphQLAppLoaders.diff())
                        .dataFetcher("history", GraphQLAppLoaders.history()))
            .type("AppSpec", t -> t.dataFetcher("source", GraphQLFetchers.primarySource()))
            .type("Helm", t -> t.dataFetcher("values", GraphQLFetchers.helmValues()))
            .type("Cluster", t -> t.dataFetcher("labels", sets.clusterLabels()));
    if (!introspection) {
      wiring.fieldVisibility(
          NoIntrospectionGraphqlFieldVisibility.NO_INTROSPECTION_FIELD_VISIBILITY);
    }
    return new SchemaGenerator()
        .makeExecutableSchema(new SchemaParser().parse(load()), wiring.build());
  }

  private static String load() {
    try (InputStream in = GraphQLRoutes.class.getResourceAsStream("/schema.graphqls")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
