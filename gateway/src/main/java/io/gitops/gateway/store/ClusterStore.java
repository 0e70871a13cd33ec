package io.gitops.gateway.store;

import io.gitops.gateway.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Clusters registered through the API. Their credentials (token, CA, kubeconfig) are encrypted
 * before they reach PostgreSQL, bound to the cluster's name, and decrypted only to build a client.
 */
public final class ClusterStore {
  private static final String UPSERT = Sql.load("cluster-upsert");
  private static final String LIST = Sql.load("cluster-list");
  private static final String DELETE = Sql.load("cluster-delete");

  private final Pool pool;
  private final CredentialCipher cipher;

  public ClusterStore(Pool pool, CredentialCipher cipher) {
    this.pool = pool;
    this.cipher = cipher;
  }

  /** Returns true when created, false when replaced. */
  public Future<Boolean> put(ClusterConfig cluster) {
    JsonObject secret;
    String server = null;
    if (cluster instanceof ClusterConfig.Direct d) {
      server = d.server();
      secret =
          new JsonObject()
              .put("type", "direct")
              .put("server", d.server())
              .put("token", d.token())
              .put("caData", d.caData())
              .put("insecure", d.insecureSkipTlsVerify());
    } else if (cluster instanceof ClusterConfig.InlineKubeconfig k) {
      secret =
          new JsonObject()
              .put("type", "kubeconfig")
              .put("content", k.content())
              .put("context", k.context());
    } else {
      throw new IllegalArgumentException("only server/token and kubeconfig clusters are stored");
    }
    byte[] sealed = cipher.encrypt(secret.encode(), aad(cluster.name()));
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(cluster.name(), server, Buffer.buffer(sealed)))
        .map(rows -> rows.iterator().next().getBoolean("created"));
  }

  public Future<List<ClusterConfig>> loadAll() {
    return pool.preparedQuery(LIST)
        .execute()
        .map(
            rows -> {
              List<ClusterConfig> out = new ArrayList<>();
              for (Row r : rows) {
                String name = r.getString("name");
                JsonObject s =
                    new JsonObject(
                        cipher.decrypt(r.getBuffer("credentials").getBytes(), aad(name)));
                out.add(
                    "kubeconfig".equals(s.getString("type"))
                        ? new ClusterConfig.InlineKubeconfig(
                            name, s.getString("content"), s.getString("context"))
                        : new ClusterConfig.Direct(
                            name,
                            s.getString("server"),
                            s.getString("token"),
                            s.getString("caData"),
                            s.getBoolean("insecure", false)));
              }
              return out;
            });
  }

  public Future<Boolean> delete(String name) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(name)).map(rows -> rows.rowCount() > 0);
  }

  private static String aad(String name) {
    return "cluster\n" + name;
  }
}
