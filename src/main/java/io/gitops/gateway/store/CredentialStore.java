package io.gitops.gateway.store;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.source.CredentialLookup;
import io.gitops.gateway.source.RepoCredential;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Repository credentials, encrypted before they reach PostgreSQL and decrypted only to hand them
 * to JGit. Listing returns everything but the secret; nothing here logs a secret.
 */
public final class CredentialStore implements CredentialLookup {
  private static final String UPSERT = Sql.load("repo-credential-upsert");
  private static final String LIST = Sql.load("repo-credential-list");
  private static final String DELETE = Sql.load("repo-credential-delete");
  private static final String FIND = Sql.load("repo-credential-find");

  /** What may be shown of a stored credential. */
  public record Summary(String urlPrefix, String kind, String username, OffsetDateTime updatedAt) {}

  private final Pool pool;
  private final CredentialCipher cipher;

  public CredentialStore(Pool pool, CredentialCipher cipher) {
    this.pool = pool;
    this.cipher = cipher;
  }

  /** Returns true when created, false when replaced. */
  public Future<Boolean> put(TenantId tenant, String urlPrefix, RepoCredential credential) {
    // known_hosts is no secret, but it travels with the key it vouches for (and needs no migration).
    JsonObject secret = credential instanceof RepoCredential.SshKey ssh
        ? new JsonObject().put("privateKey", ssh.privateKey()).put("passphrase", ssh.passphrase())
            .put("knownHosts", ssh.knownHosts()).put("insecureIgnoreHostKey", ssh.insecureIgnoreHostKey())
        : new JsonObject().put("password", ((RepoCredential.Https) credential).password());
    String username = credential instanceof RepoCredential.SshKey ssh ? ssh.username() : ((RepoCredential.Https) credential).username();
    byte[] sealed = cipher.encrypt(secret.encode(), aad(tenant.value(), urlPrefix));
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(tenant.value(), urlPrefix, credential.kind(), username == null ? "" : username, Buffer.buffer(sealed)))
        .map(rows -> rows.iterator().next().getBoolean("created"));
  }

  public Future<List<Summary>> list(TenantId tenant) {
    return pool.preparedQuery(LIST).execute(Tuple.of(tenant.value())).map(rows -> {
      List<Summary> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Summary(r.getString("url_prefix"), r.getString("kind"), r.getString("username"),
            r.getOffsetDateTime("updated_at")));
      }
      return out;
    });
  }

  public Future<Boolean> delete(TenantId tenant, String urlPrefix) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(tenant.value(), urlPrefix)).map(rows -> rows.rowCount() > 0);
  }

  /** The tenant's own credential for the URL; never another tenant's. */
  @Override
  public Future<Optional<RepoCredential>> find(TenantId tenant, String url) {
    return pool.preparedQuery(FIND).execute(Tuple.of(url, tenant.value())).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      JsonObject secret = new JsonObject(cipher.decrypt(r.getBuffer("secret").getBytes(),
          aad(r.getString("tenant"), r.getString("url_prefix"))));
      return Optional.of("ssh".equals(r.getString("kind"))
          ? new RepoCredential.SshKey(r.getString("username"), secret.getString("privateKey"), secret.getString("passphrase"),
              secret.getString("knownHosts"), secret.getBoolean("insecureIgnoreHostKey", false))
          : new RepoCredential.Https(r.getString("username"), secret.getString("password")));
    });
  }

  private static String aad(String tenant, String urlPrefix) {
    return tenant + "\n" + urlPrefix;
  }
}
