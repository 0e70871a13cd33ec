package io.gitops.gateway.auth;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * vertx-auth reads the issuer's JWKS itself and logs every key it cannot load as a WARNING with a
 * stack trace, at every start and every JWKS refresh. Issuers serve such keys on purpose: Keycloak
 * has an RSA-OAEP key with {@code use: enc} next to its signing keys. Those keys are not for
 * verifying tokens and skipping them is right; this filter turns each such record into one INFO
 * line without the trace, once per distinct reason for the life of the process.
 */
final class JwksKeyFilter implements Filter {
  static final String LOGGER = "io.vertx.ext.auth.oauth2.impl.OAuth2AuthProviderImpl";
  private static final String UNSUPPORTED = "Unsupported JWK";

  /** Held so the JUL logger (weakly referenced by its manager) keeps the filter. */
  private static final Logger VERTX_AUTH = Logger.getLogger(LOGGER);

  private static final int MAX_REASONS = 32;

  private final Set<String> told = ConcurrentHashMap.newKeySet();

  private JwksKeyFilter() {}

  static synchronized void install() {
    if (!(VERTX_AUTH.getFilter() instanceof JwksKeyFilter)) {
      VERTX_AUTH.setFilter(new JwksKeyFilter());
    }
  }

  @Override
  public boolean isLoggable(LogRecord r) {
    if (!UNSUPPORTED.equals(r.getMessage())) {
      return true;
    }
    String reason = reason(r.getThrown());
    r.setThrown(null);
    r.setLevel(Level.INFO);
    r.setMessage(
        "oidc: skipped a key of the issuer's JWKS that cannot verify tokens (algorithm "
            + reason
            + "): encryption keys and algorithms without a verifier are ignored");
    return told.size() < MAX_REASONS && told.add(reason);
  }

  private static String reason(Throwable t) {
    Throwable root = t;
    while (root != null && root.getCause() != null) {
      root = root.getCause();
    }
    // The algorithm's name is what a reader can act on; the exception's class is not.
    String text = root == null || root.getMessage() == null ? "unknown" : root.getMessage();
    return text.length() > 200 ? text.substring(0, 200) : text;
  }
}
