package io.gitops.loadtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the replicas recorded in PostgreSQL, read by the harness over its own JDBC connection: which
 * replica owns each app ({@code app_owners}) and the sync operations ({@code sync_operations}).
 * Callers poll it at a low rate (100 ms) so that the harness does not take the CPU the replicas are
 * measured on.
 */
public final class Owners implements AutoCloseable {
  /** One sync operation as its row says. */
  public record Operation(
      long id, String app, String triggeredBy, String phase, String message, boolean finished) {}

  private final Connection db;

  private Owners(Connection db) {
    this.db = db;
  }

  /**
   * {@code databaseUrl}: the gateway's {@code database.url} ({@code postgresql://host:port/db}).
   */
  public static Owners connect(String databaseUrl, String user, String password)
      throws SQLException {
    return new Owners(DriverManager.getConnection("jdbc:" + databaseUrl, user, password));
  }

  /** {@code tenant/app} → owner ({@code app_owners.owner}). */
  public synchronized Map<String, String> ownerOfEachApp() throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT tenant, app, owner FROM app_owners")) {
      while (r.next()) {
        out.put(r.getString(1) + "/" + r.getString(2), r.getString(3));
      }
    }
    return out;
  }

  /** Owner → apps it owns. */
  public synchronized Map<String, Long> appsPerOwner() throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT owner, count(*) FROM app_owners GROUP BY owner ORDER BY owner")) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }

  /** Every sync operation, oldest first. */
  public synchronized List<Operation> operations() throws SQLException {
    List<Operation> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, tenant, app, triggered_by, phase, message, finished_at IS NOT NULL"
                    + " FROM sync_operations ORDER BY id")) {
      while (r.next()) {
        out.add(
            new Operation(
                r.getLong(1),
                r.getString(2) + "/" + r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getBoolean(7)));
      }
    }
    return out;
  }

  /** Operations in phase Running of apps {@code owner} holds. */
  public synchronized int runningOf(String owner) throws SQLException {
    try (var s =
        db.prepareStatement(
            "SELECT count(*) FROM sync_operations o JOIN app_owners w"
                + " ON w.tenant = o.tenant AND w.app = o.app"
                + " WHERE o.phase = 'Running' AND w.owner = ?")) {
      s.setString(1, owner);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // the database may already be stopping
    }
  }
}
