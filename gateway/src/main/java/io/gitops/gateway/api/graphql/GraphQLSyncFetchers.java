package io.gitops.gateway.api.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.gitops.gateway.api.AppService;
import io.gitops.gateway.api.SyncActions;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The sync engine in GraphQL, with REST's semantics because both call {@link SyncActions}: {@code
 * syncApp} with dryRun, prune, force and overrideSyncWindow, {@code rollbackApp}, {@code
 * resumeAutoSync} (all deployer). Authorised by {@link GraphQLFetchers#appId} like every other
 * field; an app the loop does not know is 404.
 */
final class GraphQLSyncFetchers {
  private final GraphQLFetchers auth;
  private final AppService apps;
  private final SyncActions actions;

  GraphQLSyncFetchers(GraphQLFetchers auth, AppService apps, SyncActions actions) {
    this.auth = auth;
    this.apps = apps;
    this.actions = actions;
  }

  /**
   * A dry run answers the app with {@code dryRun} set (the plan and the cluster's answers); nothing
   * is applied.
   */
  DataFetcher<CompletionStage<Map<String, Object>>> sync() {
    return env -> {
      AppId id = actions.existing(auth.appId(env, Role.DEPLOYER));
      String who = GraphQLFetchers.principal(env).subject();
      SyncActions.Options options =
          new SyncActions.Options(
              flag(env, "dryRun"),
              env.getArgument("prune"),
              env.getArgument("force"),
              flag(env, "overrideSyncWindow"));
      if (options.dryRun()) {
        return answer(
            actions
                .dryRun(id, who, options)
                .compose(
                    dry ->
                        apps.get(id)
                            .map(
                                app -> {
                                  Map<String, Object> node = GraphQLFetchers.node(app);
                                  node.put("dryRun", GraphQLFetchers.plain(dry));
                                  return node;
                                })));
      }
      return answer(
          actions
              .sync(GraphQLFetchers.routing(env), id, who, options)
              .compose(status -> apps.get(id))
              .map(GraphQLFetchers::node));
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> rollback() {
    return env -> {
      AppId id = actions.existing(auth.appId(env, Role.DEPLOYER));
      String who = GraphQLFetchers.principal(env).subject();
      return answer(
          actions
              .rollback(
                  GraphQLFetchers.routing(env),
                  id,
                  who,
                  env.getArgument("revision"),
                  flag(env, "overrideSyncWindow"))
              .compose(status -> apps.get(id))
              .map(GraphQLFetchers::node));
    };
  }

  DataFetcher<CompletionStage<Map<String, Object>>> resume() {
    return env -> {
      AppId id = actions.existing(auth.appId(env, Role.DEPLOYER));
      return answer(
          actions
              .resume(GraphQLFetchers.routing(env), id)
              .compose(status -> apps.get(id))
              .map(GraphQLFetchers::node));
    };
  }

  private static boolean flag(DataFetchingEnvironment env, String name) {
    return Boolean.TRUE.equals(env.getArgument(name));
  }

  private static CompletionStage<Map<String, Object>> answer(Future<Map<String, Object>> result) {
    return result.recover(err -> Future.failedFuture(SyncActions.gone(err))).toCompletionStage();
  }
}
