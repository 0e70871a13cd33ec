package io.gitops.gateway.api.graphql;

import graphql.schema.DataFetcher;
import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.AppService;
import io.gitops.gateway.api.SyncActions;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.store.OperationStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

/**
 * App.diff and App.history for a page of apps without a call per app: each goes through a
 * DataLoader, so a page asks once — the diffs from the loop's memory (the apps were just read), the
 * histories in one SQL query per distinct (first, before). The parent field authorised the app.
 */
final class GraphQLAppLoaders {
  static final String DIFFS = "appDiffs";
  static final String HISTORY = "appHistory";
  static final int MAX_HISTORY = 100;

  /** One app's page of history: apps asking with the same first and before share a query. */
  record HistoryKey(AppId app, long before, int first) {}

  private GraphQLAppLoaders() {}

  static void register(DataLoaderRegistry registry, AppService apps, SyncActions sync) {
    registry.register(
        DIFFS,
        DataLoaderFactory.<AppId, Object>newDataLoader(
            keys ->
                io.vertx.core.Future.all(keys.stream().map(apps::lastDiff).toList())
                    .map(
                        all ->
                            java.util.stream.IntStream.range(0, keys.size())
                                .mapToObj(i -> GraphQLFetchers.plain(all.resultAt(i)))
                                .toList())
                    .toCompletionStage()));
    registry.register(
        HISTORY,
        DataLoaderFactory.<HistoryKey, Object>newDataLoader(
            keys -> histories(sync, keys).toCompletionStage()));
  }

  static DataFetcher<Object> diff() {
    return env -> {
      DataLoader<AppId, Object> loader = env.getDataLoader(DIFFS);
      return loader.load(app(env.getSource()));
    };
  }

  /** App.history(first: Int = 20, before: Float): newest first, ids below {@code before}. */
  static DataFetcher<Object> history() {
    return env -> {
      Integer first = env.getArgument("first");
      if (first == null || first < 1 || first > MAX_HISTORY) {
        throw new ApiException(400, "first must be from 1 to " + MAX_HISTORY, "first");
      }
      Double before = env.getArgument("before");
      if (before != null && (before < 1 || before != Math.floor(before))) {
        throw new ApiException(
            400, "before must be an operation id (a whole number from 1)", "before");
      }
      DataLoader<HistoryKey, Object> loader = env.getDataLoader(HISTORY);
      return loader.load(
          new HistoryKey(
              app(env.getSource()), before == null ? Long.MAX_VALUE : before.longValue(), first));
    };
  }

  private static Future<List<Object>> histories(SyncActions sync, List<HistoryKey> keys) {
    Map<List<Long>, List<AppId>> groups = new LinkedHashMap<>();
    keys.forEach(k -> groups.computeIfAbsent(group(k), g -> new ArrayList<>()).add(k.app()));
    Map<List<Long>, Future<Map<AppId, List<OperationStore.OperationRow>>>> queries =
        new LinkedHashMap<>();
    groups.forEach(
        (g, apps) -> queries.put(g, sync.histories(apps, g.get(0), g.get(1).intValue())));
    return Future.all(List.copyOf(queries.values()))
        .map(
            done -> {
              List<Object> out = new ArrayList<>(keys.size());
              for (HistoryKey k : keys) {
                List<Object> rows = new ArrayList<>();
                queries
                    .get(group(k))
                    .result()
                    .getOrDefault(k.app(), List.of())
                    .forEach(r -> rows.add(GraphQLFetchers.plain(r.toJson())));
                out.add(rows);
              }
              return out;
            });
  }

  private static List<Long> group(HistoryKey k) {
    return List.of(k.before(), (long) k.first());
  }

  private static AppId app(Object source) {
    Map<?, ?> app = (Map<?, ?>) source;
    return AppId.of((String) app.get("tenant"), (String) app.get("name"));
  }
}
