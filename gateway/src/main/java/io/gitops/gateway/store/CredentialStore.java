package io.gitops.gateway.store;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.source.CredentialLookup;
import io.gitops.gateway.source.RepoCredential;
import io.gitops.gateway.source.RepoUrl;
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
 * Repository credentials, encrypted before they reach PostgreSQL and decrypted only to hand them to
 * JGit. Listing returns everything but the secret; nothing here logs a secret.
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
    // known_hosts is no secret, but it travels with the key it vouches for (and needs no
    // migration).
    JsonObject secret =
        credential instanceof RepoCredential.SshKey ssh
            ? new JsonObject()
                .put("privateKey", ssh.privateKey())
                .put("passphrase", ssh.passphrase())
                .put("knownHosts", ssh.knownHosts())
                .put("insecureIgnoreHostKey", ssh.insecureIgnoreHostKey())
            : https((RepoCredential.Https) credential);
    String username =
        credential instanceof RepoCredential.SshKey ssh
            ? ssh.username()
            : ((RepoCredential.Https) credential).username();
    byte[] sealed = cipher.encrypt(secret.encode(), aad(tenant.value(), urlPrefix));
    return pool.preparedQuery(UPSERT)
        .execute(
            Tuple.of(
                tenant.value(),
                urlPrefix,
                credential.kind(),
                username == null ? "" : username,
                Buffer.buffer(sealed)))
        .map(rows -> rows.iterator().next().getBoolean("created"));
  }

  public Future<List<Summary>> list(TenantId tenant) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(tenant.value()))
        .map(
            rows -> {
              List<Summary> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Summary(
                        r.getString("url_prefix"),
                        r.getString("kind"),
                        r.getString("username"),
                        r.getOffsetDateTime("updated_at")));
              }
              return out;
            });
  }

  public Future<Boolean> delete(TenantId tenant, String urlPrefix) {
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(tenant.value(), urlPrefix))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * The tenant's own credential for the URL, never another tenant's: the most specific stored
   * prefix with the URL's exact scheme, host and port whose path ends on a '/' boundary of the
   * URL's ({@code https://git.example.com} is not sent to {@code
   * https://git.example.com.evil.tld}).
   */
  @Override
  public Future<Optional<RepoCredential>> find(TenantId tenant, String url) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(tenant.value()))
        .map(
            rows -> {
              List<Row> all = new ArrayList<>();
              rows.forEach(all::add);
              return best(all.stream().map(r -> r.getString("url_prefix")).toList(), url)
                  .flatMap(
                      prefix ->
                          all.stream()
                              .filter(r -> r.getString("url_prefix").equals(prefix))
                              .findFirst())
                  .map(this::decrypted);
            });
  }

  /**
   * Of the stored prefixes, the one whose credential the URL gets (see {@link #find}); none for a
   * URL that does not parse.
   */
  static Optional<String> best(List<String> prefixes, String url) {
    RepoUrl wanted;
    try {
      wanted = RepoUrl.parse(url);
    } catch (RepoUrl.Invalid e) {
      return Optional.empty();
    }
    String best = null;
    int bestLength = -1;
    for (String stored : prefixes) {
      RepoUrl prefix = covering(stored, wanted);
      if (prefix != null && prefix.path().length() > bestLength) {
        best = stored;
        bestLength = prefix.path().length();
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The stored prefix parsed, when it covers the URL; null otherwise (or when it no longer parses).
   */
  private static RepoUrl covering(String stored, RepoUrl wanted) {
    try {
      RepoUrl prefix = RepoUrl.prefix(stored);
      return wanted.isUnder(prefix) ? prefix : null;
    } catch (RepoUrl.Invalid e) {
      return null;
    }
  }

  private RepoCredential decrypted(Row r) {
    JsonObject secret =
        new JsonObject(
            cipher.decrypt(
                r.getBuffer("secret").getBytes(),
                aad(r.getString("tenant"), r.getString("url_prefix"))));
    return "ssh".equals(r.getString("kind"))
        ? new RepoCredential.SshKey(
            r.getString("username"),
            secret.getString("privateKey"),
            secret.getString("passphrase"),
            secret.getString("knownHosts"),
            secret.getBoolean("insecureIgnoreHostKey", false))
        : new RepoCredential.Https(
            r.getString("username"),
            secret.getString("password"),
            secret.getString("caData"),
            secret.getBoolean("insecureSkipTlsVerify", false));
  }

  /** The TLS options of a chart repository travel with its password (and need no migration). */
  private static JsonObject https(RepoCredential.Https h) {
    JsonObject secret = new JsonObject().put("password", h.password());
    if (h.caData() != null) {
      secret.put("caData", h.caData());
    }
    if (h.insecureSkipTlsVerify()) {
      secret.put("insecureSkipTlsVerify", true);
    }
    return secret;
  }

  private static String aad(String tenant, String urlPrefix) {
    return tenant + "\n" + urlPrefix;
  }
}
