package io.gitops.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.LogCapture;
import io.gitops.gateway.support.TestIssuer;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An issuer's JWKS with keys the gateway cannot verify with (Keycloak serves an RSA-OAEP key with
 * {@code use: enc} next to its signing key): they are skipped with one quiet line, no stack trace,
 * and tokens signed with the signing key still pass. The JWKS is served over real HTTP.
 */
class JwksForeignKeysTest {
  private Vertx vertx;
  private TestIssuer issuer;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    issuer = TestIssuer.start(vertx);
    issuer.serveAlsoKey(TestIssuer.rsaJwk("keycloak-enc", "enc", "RSA-OAEP"));
    issuer.serveAlsoKey(TestIssuer.rsaJwk("odd-alg", "sig", "RSA1_5"));
  }

  @AfterEach
  void stop() throws Exception {
    issuer.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void keysThatCannotVerifyAreSkippedQuietlyAndTokensStillPass() throws Exception {
    try (LogCapture log = LogCapture.start()) {
      TokenVerifier verifier =
          TokenVerifier.discover(vertx, issuer.url(), TestIssuer.AUDIENCE)
              .await(30, TimeUnit.SECONDS);
      Principal alice =
          verifier.verify(issuer.token("alice", "team-a-admins")).await(30, TimeUnit.SECONDS);
      issuer.rotate(); // an unknown kid: the JWKS is read again, with the same foreign keys in it
      verifier.verify(issuer.token("bob")).await(30, TimeUnit.SECONDS);

      assertThat(alice.subject()).isEqualTo("alice");
      List<LogRecord> aboutKeys =
          log.records().stream()
              .filter(
                  r ->
                      r.getLoggerName() != null
                          && r.getLoggerName().startsWith("io.vertx.ext.auth"))
              .toList();
      assertThat(aboutKeys)
          .as("no stack trace for a foreign key")
          .allSatisfy(
              r -> {
                assertThat(r.getThrown()).isNull();
                assertThat(r.getLevel().intValue()).isLessThanOrEqualTo(Level.INFO.intValue());
              });
      assertThat(aboutKeys)
          .as("one line per kind of skipped key, over both JWKS reads")
          .hasSizeLessThanOrEqualTo(2)
          .allSatisfy(r -> assertThat(r.getMessage()).contains("skipped"));
    }
  }
}
