package io.gitops.gateway.store;

import io.gitops.gateway.auth.TokenRecords;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API tokens: their scope and life, looked up by the hash of their secret (never the secret). */
public final class TokenStore implements TokenRecords {
  private static final String INSERT = Sql.load("token-insert");
  private static final String BY_HASH = Sql.load("token-by-hash");
  private static final String LIST = Sql.load("token-list");
  private static final String REVOKE = Sql.load("token-revoke");
  private static final String USED = Sql.load("token-used");

  private final Pool pool;

  public TokenStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Token> insert(
      String id,
      String tenant,
      String name,
      String role,
      String hash,
      String createdBy,
      Instant expires) {
    Tuple args =
        Tuple.of(id, tenant, name, role, hash, createdBy)
            .addValue(OffsetDateTime.ofInstant(expires, ZoneOffset.UTC));
    return pool.preparedQuery(INSERT).execute(args).map(rows -> decode(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Token>> byHash(String hash) {
    return pool.preparedQuery(BY_HASH)
        .execute(Tuple.of(hash))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(decode(rows.iterator().next())));
  }

  public Future<List<Token>> list(String tenant) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(tenant))
        .map(
            rows -> {
              List<Token> out = new ArrayList<>();
              rows.forEach(r -> out.add(decode(r)));
              return out;
            });
  }

  /** False if the tenant has no such token. Revoking twice keeps the first revocation time. */
  public Future<Boolean> revoke(String tenant, String id) {
    return pool.preparedQuery(REVOKE)
        .execute(Tuple.of(tenant, id))
        .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<Void> used(String id, String from) {
    return pool.preparedQuery(USED).execute(Tuple.of(id, from)).mapEmpty();
  }

  private static Token decode(Row r) {
    return new Token(
        r.getString("id"),
        r.getString("tenant"),
        r.getString("name"),
        r.getString("role"),
        r.getString("created_by"),
        instant(r, "created_at"),
        instant(r, "expires_at"),
        instant(r, "revoked_at"),
        instant(r, "last_used_at"),
        r.getString("last_used_from"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
