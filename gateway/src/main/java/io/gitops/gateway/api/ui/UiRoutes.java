package io.gitops.gateway.api.ui;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;

/**
 * The web UI: static ES modules from the jar under {@code /ui/}, same origin as the API, with a
 * strict Content-Security-Policy (no inline script or style: everything the page runs or styles is
 * a file under /ui/). {@code /ui/config.json} is the one unauthenticated answer the page needs
 * before login: which OIDC issuer to send the user to, and as which client.
 */
public final class UiRoutes {
  private UiRoutes() {}

  public static void mount(Router root, String issuer, String clientId) {
    String csp = contentSecurityPolicy(issuer);
    // Vert.x matches "/ui" to "/ui/" too: only the bare paths redirect
    root.get("/").handler(ctx -> redirectBare(ctx, "/"));
    root.get("/ui").handler(ctx -> redirectBare(ctx, "/ui"));
    root.get("/ui/*")
        .handler(
            ctx -> {
              ctx.response()
                  .putHeader("Content-Security-Policy", csp)
                  .putHeader("X-Content-Type-Options", "nosniff")
                  .putHeader("Referrer-Policy", "no-referrer")
                  .putHeader("X-Frame-Options", "DENY");
              ctx.next();
            });
    root.get("/ui/config.json")
        .handler(
            ctx -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(new JsonObject().put("issuer", issuer).put("clientId", clientId));
            });
    // GATEWAY_UI_DIR (development): serve the page from a folder, edits show on reload
    String dir = System.getenv("GATEWAY_UI_DIR");
    root.get("/ui/*")
        .handler(
            (dir == null || dir.isBlank()
                    ? StaticHandler.create("ui")
                    : StaticHandler.create(FileSystemAccess.ROOT, dir))
                .setIndexPage("index.html")
                .setDirectoryListing(false)
                .setCachingEnabled(false)
                .setIncludeHidden(false));
  }

  /**
   * Scripts, styles and images only from the gateway itself; fetches and the feed's WebSocket to
   * the gateway and to the issuer (discovery and the code-for-token exchange); no frames, no
   * plugins, no base rewriting; forms only to the gateway and the issuer's login.
   */
  static String contentSecurityPolicy(String issuer) {
    String issuerOrigin = origin(issuer);
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " font-src 'self'; connect-src 'self'"
        + issuerOrigin
        + "; form-action 'self'"
        + issuerOrigin
        + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
  }

  private static String origin(String url) {
    if (url == null) {
      return "";
    }
    URI uri = URI.create(url);
    return " "
        + uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static void redirectBare(RoutingContext ctx, String bare) {
    if (ctx.request().path().equals(bare)) {
      ctx.response().setStatusCode(302).putHeader("Location", "/ui/").end();
    } else {
      ctx.next();
    }
  }
}
