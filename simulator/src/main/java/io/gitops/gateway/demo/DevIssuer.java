package io.gitops.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * DEVELOPMENT ONLY: an OIDC issuer inside the process that signs tokens for the demo users. It
 * serves a discovery document and a JWKS so the gateway checks its tokens exactly as it checks a
 * real issuer's. It is started by demo mode and by tests, never in production mode.
 */
public final class DevIssuer {
  private static final Logger LOG = Logger.getLogger(DevIssuer.class.getName());
  public static final String AUDIENCE = "gitops-gateway";

  /** The demo users and their groups; each user's password is its name. */
  public static final Map<String, List<String>> USERS =
      Map.of(
          "alice", List.of("team-a-admins"),
          "bob", List.of("team-b-admins"),
          "dave", List.of("team-a-viewers"),
          "carol", List.of("gitops-operators"));

  private final JsonObject privateJwk;
  private final JsonObject publicJwk;
  private final JWTAuth signer;
  private final DevAuthorize authorize = new DevAuthorize(this);
  private HttpServer server;
  private int tokenSeconds = 3600;
  private String issuer;

  private DevIssuer(Vertx vertx, JsonObject privateJwk, JsonObject publicJwk) {
    this.privateJwk = privateJwk;
    this.publicJwk = publicJwk;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(privateJwk));
  }

  public static Future<DevIssuer> start(Vertx vertx, int port) {
    DevIssuer issuer;
    try {
      issuer = create(vertx);
    } catch (NoSuchAlgorithmException e) {
      return Future.failedFuture(e);
    }
    return issuer.listen(vertx, port);
  }

  private static DevIssuer create(Vertx vertx) throws NoSuchAlgorithmException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    var pair = gen.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    RSAPrivateCrtKey priv = (RSAPrivateCrtKey) pair.getPrivate();
    String kid = UUID.randomUUID().toString();
    JsonObject publicJwk =
        new JsonObject()
            .put("kty", "RSA")
            .put("kid", kid)
            .put("alg", "RS256")
            .put("use", "sig")
            .put("n", b64(pub.getModulus()))
            .put("e", b64(pub.getPublicExponent()));
    JsonObject privateJwk =
        publicJwk
            .copy()
            .put("d", b64(priv.getPrivateExponent()))
            .put("p", b64(priv.getPrimeP()))
            .put("q", b64(priv.getPrimeQ()))
            .put("dp", b64(priv.getPrimeExponentP()))
            .put("dq", b64(priv.getPrimeExponentQ()))
            .put("qi", b64(priv.getCrtCoefficient()));
    return new DevIssuer(vertx, privateJwk, publicJwk);
  }

  private Future<DevIssuer> listen(Vertx vertx, int port) {
    Router router = Router.router(vertx);
    // The browser's login (authorization code + PKCE): its token exchange and the discovery
    // document are cross-origin fetches from the gateway's page.
    router
        .route()
        .handler(
            ctx -> {
              ctx.response().putHeader("Access-Control-Allow-Origin", "*");
              ctx.next();
            });
    router
        .get("/.well-known/openid-configuration")
        .handler(
            ctx ->
                ctx.json(
                    new JsonObject()
                        .put("issuer", issuer)
                        .put("jwks_uri", issuer + "/jwks")
                        .put("token_endpoint", issuer + "/token")
                        .put("authorization_endpoint", issuer + "/authorize")
                        .put("response_types_supported", new JsonArray().add("code"))
                        .put(
                            "grant_types_supported",
                            new JsonArray().add("authorization_code").add("password"))
                        .put("code_challenge_methods_supported", new JsonArray().add("S256"))
                        .put("subject_types_supported", new JsonArray().add("public"))
                        .put(
                            "id_token_signing_alg_values_supported",
                            new JsonArray().add("RS256"))));
    router
        .get("/jwks")
        .handler(ctx -> ctx.json(new JsonObject().put("keys", new JsonArray().add(publicJwk))));
    authorize.mount(router);
    router
        .post("/token")
        .handler(BodyHandler.create(false).setBodyLimit(4096))
        .handler(
            ctx -> {
              if ("authorization_code".equals(ctx.request().getFormAttribute("grant_type"))) {
                authorize.exchange(ctx);
                return;
              }
              String user = ctx.request().getFormAttribute("username");
              String password = ctx.request().getFormAttribute("password");
              if (!validPassword(user, password)) {
                tokenError(ctx, 401, "invalid_grant", "unknown demo user or wrong password");
                return;
              }
              ctx.json(tokenResponse(user));
            });
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, "localhost")
        .map(
            s -> {
              server = s;
              issuer = "http://localhost:" + s.actualPort();
              LOG.warning(
                  "DEVELOPMENT-ONLY OIDC issuer at "
                      + issuer
                      + ": it signs tokens for anyone who asks. Never use it in production.");
              return this;
            });
  }

  public String issuer() {
    return issuer;
  }

  /** How long the tokens this issuer hands out live (tests shorten it to see expiry). */
  public DevIssuer tokenSeconds(int seconds) {
    this.tokenSeconds = seconds;
    return this;
  }

  static boolean validPassword(String user, String password) {
    return user != null && USERS.containsKey(user) && user.equals(password);
  }

  JsonObject tokenResponse(String user) {
    String token = token(user, USERS.get(user), tokenSeconds);
    return new JsonObject()
        .put("access_token", token)
        .put("id_token", token)
        .put("token_type", "Bearer")
        .put("expires_in", tokenSeconds);
  }

  static void tokenError(
      io.vertx.ext.web.RoutingContext ctx, int status, String error, String description) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).put("error_description", description).encode());
  }

  /**
   * A signed access token for any subject and groups, valid for {@code seconds} (negative:
   * expired).
   */
  public String token(String subject, List<String> groups, int seconds) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        new JsonObject()
            .put("sub", subject)
            .put("groups", new JsonArray(groups))
            .put("iss", issuer)
            .put("aud", AUDIENCE)
            .put("iat", now)
            .put("exp", now + seconds)
            .put("jti", UUID.randomUUID().toString());
    return signer.generateToken(
        claims,
        new JWTOptions()
            .setAlgorithm("RS256")
            .setNoTimestamp(true)
            .setHeader(new JsonObject().put("kid", publicJwk.getString("kid"))));
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private static String b64(BigInteger n) {
    byte[] bytes = n.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
