package io.gitops.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Cluster labels set through the admin API; not secret, so stored in the clear. */
public final class ClusterLabelStore {
  private static final String UPSERT = Sql.load("cluster-labels-upsert");
  private static final String LIST = Sql.load("cluster-labels-list");

  private final Pool pool;

  public ClusterLabelStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> put(String cluster, Map<String, String> labels) {
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(cluster, new JsonObject(new LinkedHashMap<>(labels))))
        .mapEmpty();
  }

  /** Cluster name -> labels, for every cluster an operator labelled. */
  public Future<Map<String, Map<String, String>>> loadAll() {
    return pool.preparedQuery(LIST)
        .execute()
        .map(
            rows -> {
              Map<String, Map<String, String>> out = new LinkedHashMap<>();
              for (Row r : rows) {
                Map<String, String> labels = new TreeMap<>();
                r.getJsonObject("labels")
                    .forEach(e -> labels.put(e.getKey(), (String) e.getValue()));
                out.put(r.getString("name"), labels);
              }
              return out;
            });
  }
}
