package io.gitops.gateway.demo;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DEVELOPMENT ONLY: the dev issuer's browser login, an OAuth 2.0 authorization-code flow with PKCE
 * (RFC 7636, S256 only). {@code GET /authorize} shows a login form, {@code POST /authorize} checks
 * the demo password and redirects back with a one-time code, and the token endpoint exchanges that
 * code once, within a minute, for the client and redirect URI it was issued to and only with the
 * verifier whose hash the authorize request carried.
 */
final class DevAuthorize {
  private static final long CODE_MILLIS = 60_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Grant(
      String user, String clientId, String redirectUri, String challenge, long expiresAt) {}

  private final DevIssuer issuer;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();

  DevAuthorize(DevIssuer issuer) {
    this.issuer = issuer;
  }

  void mount(Router router) {
    router.get("/authorize").handler(ctx -> form(ctx, null));
    router
        .post("/authorize")
        .handler(BodyHandler.create(false).setBodyLimit(8192))
        .handler(this::login);
  }

  private void form(RoutingContext ctx, String error) {
    var p = ctx.request().params();
    String problem = requestProblem(p::get);
    if (problem != null) {
      ctx.response().setStatusCode(400).putHeader("content-type", "text/plain").end(problem);
      return;
    }
    StringBuilder hidden = new StringBuilder();
    for (String name :
        new String[] {"client_id", "redirect_uri", "state", "code_challenge", "response_type"}) {
      hidden
          .append("<input type=\"hidden\" name=\"")
          .append(name)
          .append("\" value=\"")
          .append(html(p.get(name)))
          .append("\">");
    }
    String page =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>Sign in - development issuer</title></head>"
            + "<body style=\"font-family:sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem\">"
            + "<h1>Sign in</h1><p><strong>Development-only issuer.</strong> Demo users: alice,"
            + " bob, carol, dave; the password is the user name.</p>"
            + (error == null ? "" : "<p role=\"alert\" id=\"login-error\">" + html(error) + "</p>")
            + "<form method=\"post\" action=\"authorize\">"
            + hidden
            + "<p><label for=\"username\">User</label><br><input id=\"username\" name=\"username\""
            + " autocomplete=\"username\" autofocus required></p>"
            + "<p><label for=\"password\">Password</label><br><input id=\"password\""
            + " name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>"
            + "<p><button id=\"sign-in\" type=\"submit\">Sign in</button></p></form></body></html>";
    ctx.response()
        .setStatusCode(error == null ? 200 : 401)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(page);
  }

  private void login(RoutingContext ctx) {
    var f = ctx.request().formAttributes();
    String problem = requestProblem(f::get);
    if (problem != null) {
      ctx.response().setStatusCode(400).putHeader("content-type", "text/plain").end(problem);
      return;
    }
    String user = f.get("username");
    if (!DevIssuer.validPassword(user, f.get("password"))) {
      // the form again, with what was sent in its hidden fields
      ctx.request().params().addAll(f);
      form(ctx, "Unknown demo user or wrong password.");
      return;
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    codes.values().removeIf(g -> g.expiresAt() < System.currentTimeMillis());
    codes.put(
        code,
        new Grant(
            user,
            f.get("client_id"),
            f.get("redirect_uri"),
            f.get("code_challenge"),
            System.currentTimeMillis() + CODE_MILLIS));
    String redirect = f.get("redirect_uri");
    String state = f.get("state");
    String location =
        redirect
            + (redirect.contains("?") ? "&" : "?")
            + "code="
            + code
            + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    ctx.response().setStatusCode(302).putHeader("location", location).end();
  }

  /** The token endpoint's {@code grant_type=authorization_code}. */
  void exchange(RoutingContext ctx) {
    var f = ctx.request().formAttributes();
    String code = f.get("code");
    Grant grant = code == null ? null : codes.remove(code); // one use, whatever happens next
    if (grant == null || grant.expiresAt() < System.currentTimeMillis()) {
      DevIssuer.tokenError(ctx, 400, "invalid_grant", "unknown, used or expired code");
      return;
    }
    if (!grant.clientId().equals(f.get("client_id"))
        || !grant.redirectUri().equals(f.get("redirect_uri"))) {
      DevIssuer.tokenError(
          ctx, 400, "invalid_grant", "client_id or redirect_uri differ from the authorize request");
      return;
    }
    String verifier = f.get("code_verifier");
    if (verifier == null
        || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
        || !s256(verifier).equals(grant.challenge())) {
      DevIssuer.tokenError(ctx, 400, "invalid_grant", "code_verifier does not match the challenge");
      return;
    }
    ctx.json(issuer.tokenResponse(grant.user()));
  }

  /** What is wrong with an authorize request, or null. */
  private static String requestProblem(java.util.function.Function<String, String> p) {
    if (!"code".equals(p.apply("response_type"))) {
      return "response_type must be code";
    }
    if (blank(p.apply("client_id"))) {
      return "client_id is required";
    }
    String redirect = p.apply("redirect_uri");
    try {
      URI uri = redirect == null ? null : new URI(redirect);
      if (uri == null
          || uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return "redirect_uri must be an http(s) URL";
      }
    } catch (java.net.URISyntaxException e) {
      return "redirect_uri must be an http(s) URL";
    }
    String challenge = p.apply("code_challenge");
    if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
      return "code_challenge (S256, PKCE) is required";
    }
    String method = p.apply("code_challenge_method");
    if (method != null && !"S256".equals(method)) {
      return "code_challenge_method must be S256";
    }
    return null;
  }

  static String s256(String verifier) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String html(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
