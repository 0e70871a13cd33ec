package io.gitops.gateway.store;

import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The PostgreSQL the gateway keeps its state in, always reached by {@code database.url}: the demo
 * and the tests start their embedded one themselves (the simulator module's {@code
 * store.EmbeddedServer}) and pass its URL, so the server's jar holds no PostgreSQL. Migrations run
 * once at start on a worker thread through JDBC; everything after goes through the reactive pool.
 */
public final class Database {
  private static final Logger LOG = Logger.getLogger(Database.class.getName());

  private final Pool pool;

  private Database(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public static Future<Database> start(Vertx vertx, GatewayConfig.Database config) {
    if (config.embedded()) {
      // Only a demo-mode configuration gets here without a URL; the demo starts its PostgreSQL
      // before.
      return Future.failedFuture(
          new ConfigException(
              "database.url", "is required (this build starts no embedded PostgreSQL)"));
    }
    return vertx.executeBlocking(() -> migrate(config)).map(v -> new Database(pool(vertx, config)));
  }

  private static Void migrate(GatewayConfig.Database config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.url());
    String jdbc =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    try {
      var result =
          Flyway.configure()
              .dataSource(jdbc, config.user(), config.password())
              .connectRetries(0)
              .load()
              .migrate();
      LOG.info(
          "database schema at version "
              + result.targetSchemaVersion
              + " ("
              + result.migrationsExecuted
              + " migrations applied)");
      return null;
    } catch (FlywayException e) {
      // Not a wrong setting (exit 2) but a part that cannot be used now (exit 1): one line naming
      // it all the same.
      throw new IllegalStateException(
          "database.url: cannot use " + config.url() + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return msg.replace('\n', ' ').trim();
  }

  private static Pool pool(Vertx vertx, GatewayConfig.Database config) {
    PgConnectOptions connect =
        PgConnectOptions.fromUri(config.url())
            .setUser(config.user())
            .setPassword(config.password());
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.poolSize()))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  public Future<Void> close(Vertx vertx) {
    return pool.close();
  }
}
