package io.gitops.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OIDC issuer for tests that must forge: it signs any header and claims by hand, rotates its key
 * (the new kid appears in the JWKS only after rotation), and makes the classic bad tokens.
 */
public final class TestIssuer implements AutoCloseable {
  public static final String AUDIENCE = "gitops-gateway";
  private final List<KeyPair> keys = new ArrayList<>();
  private final List<String> kids = new ArrayList<>();
  private final List<JsonObject> otherKeys = new ArrayList<>();
  private HttpServer server;
  private String url;

  public static TestIssuer start(Vertx vertx) throws Exception {
    TestIssuer issuer = new TestIssuer();
    issuer.rotate();
    Router router = Router.router(vertx);
    router
        .get("/.well-known/openid-configuration")
        .handler(
            ctx ->
                ctx.json(
                    new JsonObject()
                        .put("issuer", issuer.url)
                        .put("jwks_uri", issuer.url + "/jwks")
                        .put("token_endpoint", issuer.url + "/token")
                        .put("authorization_endpoint", issuer.url + "/authorize")
                        .put(
                            "id_token_signing_alg_values_supported",
                            new JsonArray().add("RS256"))));
    router.get("/jwks").handler(ctx -> ctx.json(issuer.jwks()));
    issuer.server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "localhost")
            .await(30, TimeUnit.SECONDS);
    issuer.url = "http://localhost:" + issuer.server.actualPort();
    return issuer;
  }

  public String url() {
    return url;
  }

  /** A new signing key; the JWKS serves it from now on (with the old ones). */
  public synchronized void rotate() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys.add(gen.generateKeyPair());
    kids.add(UUID.randomUUID().toString());
  }

  synchronized JsonObject jwks() {
    JsonArray out = new JsonArray();
    for (int i = 0; i < keys.size(); i++) {
      out.add(publicJwk(i));
    }
    otherKeys.forEach(out::add);
    return new JsonObject().put("keys", out);
  }

  /**
   * A key served in the JWKS besides the signing keys (e.g. Keycloak's RSA-OAEP encryption key).
   */
  public synchronized void serveAlsoKey(JsonObject jwk) {
    otherKeys.add(jwk);
  }

  /**
   * An RSA public key as a JWK with the given {@code use} and {@code alg}, for {@link
   * #serveAlsoKey}.
   */
  public static JsonObject rsaJwk(String kid, String use, String alg)
      throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    RSAPublicKey pub = (RSAPublicKey) gen.generateKeyPair().getPublic();
    return new JsonObject()
        .put("kty", "RSA")
        .put("kid", kid)
        .put("use", use)
        .put("alg", alg)
        .put("n", b64(pub.getModulus()))
        .put("e", b64(pub.getPublicExponent()));
  }

  private JsonObject publicJwk(int i) {
    RSAPublicKey pub = (RSAPublicKey) keys.get(i).getPublic();
    return new JsonObject()
        .put("kty", "RSA")
        .put("kid", kids.get(i))
        .put("alg", "RS256")
        .put("use", "sig")
        .put("n", b64(pub.getModulus()))
        .put("e", b64(pub.getPublicExponent()));
  }

  public JsonObject claims(String subject, String... groups) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject()
        .put("sub", subject)
        .put("groups", new JsonArray(List.of(groups)))
        .put("iss", url)
        .put("aud", AUDIENCE)
        .put("iat", now)
        .put("exp", now + 600)
        .put("jti", UUID.randomUUID().toString());
  }

  public String token(String subject, String... groups) {
    return sign(claims(subject, groups));
  }

  /** RS256 with the newest key. */
  public synchronized String sign(JsonObject claims) {
    int i = keys.size() - 1;
    JsonObject header =
        new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kids.get(i));
    String input = part(header) + "." + part(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.get(i).getPrivate());
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private KeyPair foreign;

  /**
   * RS256 with a key the issuer never published, under the issuer's current kid: a well-formed
   * token whose signature cannot verify (an attacker's own key, not a damaged signature).
   */
  public synchronized String signWithForeignKey(JsonObject claims) {
    try {
      if (foreign == null) {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        foreign = gen.generateKeyPair();
      }
      JsonObject header =
          new JsonObject()
              .put("alg", "RS256")
              .put("typ", "JWT")
              .put("kid", kids.get(kids.size() - 1));
      String input = part(header) + "." + part(claims);
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(foreign.getPrivate());
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String algNone(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
  }

  /** HS256 "signed" with the issuer's public key as the HMAC secret: the key-confusion forgery. */
  public synchronized String hmacWithPublicKey(JsonObject claims) {
    int i = keys.size() - 1;
    String input =
        part(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", kids.get(i)))
            + "."
            + part(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(publicJwk(i).encode().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input
          + "."
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid token with one character of its signature changed. */
  public static String tamper(String token) {
    int at = token.lastIndexOf('.') + 5;
    char c = token.charAt(at);
    return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  private static String part(JsonObject json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(BigInteger n) {
    byte[] bytes = n.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }
}
