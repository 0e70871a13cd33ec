package io.gitops.gateway.auth;

import io.gitops.gateway.model.TenantId;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * API tokens for CI and bots: {@code gwt_} + 32 random bytes (base64url). The secret is handed out
 * once; only its SHA-256 is kept, so a leaked database yields no usable token. A token acts with
 * one tenant and one role until it expires or is revoked; each use records when and from where.
 */
public final class ApiTokens {
  public static final String PREFIX = "gwt_";

  /**
   * The subject of a caller that came with an API token, and so the {@code createdBy} of whatever
   * it made.
   */
  public static final String SUBJECT_PREFIX = "token:";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TokenRecords store;

  public ApiTokens(TokenRecords store) {
    this.store = store;
  }

  /** A new token: the secret (show it once, never again) and what was stored. */
  public record Issued(String secret, TokenRecords.Token token) {}

  public static boolean looksLikeApiToken(String bearer) {
    return bearer != null && bearer.startsWith(PREFIX);
  }

  public Future<Issued> create(
      TenantId tenant, String name, String role, Instant expires, String createdBy) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return store
        .insert(
            HexFormat.of().formatHex(id),
            tenant.value(),
            name,
            role,
            hash(token),
            createdBy,
            expires)
        .map(stored -> new Issued(token, stored));
  }

  public Future<Principal> verify(String bearer, String from) {
    return store
        .byHash(hash(bearer))
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(
                    new AuthenticationException("unknown_token", "unknown API token"));
              }
              TokenRecords.Token t = found.get();
              if (t.createdBy() != null && t.createdBy().startsWith(SUBJECT_PREFIX)) {
                // Made by another API token before tokens stopped minting tokens: it would outlive
                // its parent's revocation.
                return Future.failedFuture(
                    new AuthenticationException(
                        "revoked",
                        "API token made by another API token; "
                            + "no longer accepted, ask a tenant admin for a new one"));
              }
              if (t.revokedAt() != null) {
                return Future.failedFuture(
                    new AuthenticationException("revoked", "API token revoked"));
              }
              if (!t.expiresAt().isAfter(Instant.now())) {
                return Future.failedFuture(
                    new AuthenticationException("expired", "API token expired"));
              }
              Principal p =
                  new Principal(
                      SUBJECT_PREFIX + t.name(),
                      Set.of(),
                      t.id(),
                      new Principal.Scope(new TenantId(t.tenant()), t.role()));
              return store.used(t.id(), from).map(p);
            });
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
