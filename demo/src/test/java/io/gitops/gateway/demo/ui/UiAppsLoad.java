package io.gitops.gateway.demo.ui;

import io.gitops.gateway.api.feed.FeedOptions;
import io.gitops.gateway.api.feed.FeedStats;
import io.gitops.gateway.api.feed.StatusFeed;
import io.gitops.gateway.api.feed.StatusSocket;
import io.gitops.gateway.api.ui.UiRoutes;
import io.gitops.gateway.auth.TokenVerifier;
import io.gitops.gateway.bus.Addresses;
import io.gitops.gateway.bus.Messages;
import io.gitops.gateway.demo.DevIssuer;
import io.gitops.gateway.model.App;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.ClusterId;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.gitops.gateway.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Load check of the web UI's applications view (not a unit test): N apps in 20 tenants, R status
 * changes per second for S seconds through the real status feed (StatusFeed + StatusSocket, the
 * same fan-out as the gateway's), the page's own login against the dev issuer, in headless
 * Chromium. The app list REST pages are served by a stand-in that answers the same JSON shape as
 * GET /api/v1/tenants/{t}/apps (500 a page, cursor), so the figures are the page's, not
 * PostgreSQL's. Prints the time to the first row and to all rows, and the frame intervals (and long
 * tasks) while the changes stream in and the list is scrolled. Command: docs/ui/README.md.
 */
public final class UiAppsLoad {
  private static final String OPERATORS = "gitops-operators"; // carol's group in the dev issuer

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int tenants = 20;
    int perTenant = total / tenants;

    Vertx vertx = Vertx.vertx();
    Messages.registerCodecs(vertx);
    DevIssuer issuer = DevIssuer.start(vertx, 0).await(30, TimeUnit.SECONDS);
    TokenVerifier verifier =
        TokenVerifier.discover(vertx, issuer.issuer(), DevIssuer.AUDIENCE)
            .await(30, TimeUnit.SECONDS);
    Map<TenantId, Tenant> tenantMap = new HashMap<>();
    List<App> apps = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      TenantId id = new TenantId("t" + t);
      tenantMap.put(
          id, new Tenant(id, id.value(), Map.of("g" + t, Role.VIEWER), List.of("*"), List.of()));
      for (int a = 0; a < perTenant; a++) {
        apps.add(
            new App(
                new AppSpec(
                    new AppId(id, String.format("app-%04d", a)),
                    new AppSpec.Source("file:///r", "main", "apps/" + a),
                    new AppSpec.Destination(new ClusterId("c" + (a % 8)), "ns-" + (a % 50)),
                    null),
                1,
                status(SyncStatus.SYNCED, HealthStatus.HEALTHY, "0")));
      }
    }
    Access access = new Access(tenantMap, OPERATORS);
    StatusFeed feed =
        new StatusFeed(
            () -> Future.succeededFuture(apps),
            id -> Future.succeededFuture(Optional.empty()),
            () -> Future.succeededFuture(1L), // one feed, one era: no database in this stand-in
            FeedOptions.DEFAULTS);
    vertx.deployVerticle(feed).await(10, TimeUnit.SECONDS);

    Router router = Router.router(vertx);
    UiRoutes.mount(router, issuer.issuer(), DevIssuer.AUDIENCE);
    router
        .get("/ws/status")
        .handler(
            new StatusSocket(
                vertx,
                (token, from) -> verifier.verify(token),
                access,
                feed,
                FeedStats.NONE,
                () -> {},
                () -> {}));
    router
        .get("/api/v1/tenants")
        .handler(
            ctx -> {
              JsonArray items = new JsonArray();
              for (int t = 0; t < tenants; t++) {
                items.add(
                    new JsonObject()
                        .put("name", "t" + t)
                        .put("displayName", "t" + t)
                        .put("role", "admin"));
              }
              ctx.json(new JsonObject().put("items", items));
            });
    router
        .get("/api/v1/tenants/:tenant/apps")
        .handler(
            ctx -> {
              String tenant = ctx.pathParam("tenant");
              int limit =
                  Integer.parseInt(
                      Optional.ofNullable(ctx.queryParams().get("limit")).orElse("100"));
              int from =
                  Integer.parseInt(
                      Optional.ofNullable(ctx.queryParams().get("cursor")).orElse("0"));
              JsonArray items = new JsonArray();
              int to = Math.min(perTenant, from + limit);
              for (int a = from; a < to; a++) {
                items.add(restApp(tenant, a));
              }
              ctx.json(
                  new JsonObject()
                      .put("items", items)
                      .put("nextCursor", to < perTenant ? Integer.toString(to) : null));
            });
    var server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "localhost")
            .await(10, TimeUnit.SECONDS);
    String base = "http://localhost:" + server.actualPort();
    System.out.printf("%d apps, %d changes/s for %d s; UI at %s%n", total, rate, seconds, base);

    ChromeDriver b = Browser.start(1280, 900);
    try {
      // Before any page script: record when the first row and all rows are in the DOM, and
      // every frame's interval once the changes start (window.__load.start()).
      b.executeCdpCommand(
          "Page.addScriptToEvaluateOnNewDocument",
          Map.of("source", PROBE.replace("TOTAL", Integer.toString(total))));
      b.get(base + "/");
      new WebDriverWait(b, Duration.ofSeconds(30))
          .until(ExpectedConditions.presenceOfElementLocated(By.id("username")))
          .sendKeys("carol");
      b.findElement(By.id("password")).sendKeys("carol");
      b.findElement(By.id("sign-in")).click();
      new WebDriverWait(b, Duration.ofSeconds(120))
          .until(d -> b.executeScript("return window.__load && window.__load.allRows"));
      Object firstRow = b.executeScript("return window.__load.firstRow");
      Object allRows = b.executeScript("return window.__load.allRows");
      System.out.printf(
          "time to first row %.0f ms, to all %d rows %.0f ms (from the page's navigation start, after the issuer's redirect: includes the code exchange)%n",
          ((Number) firstRow).doubleValue(), total, ((Number) allRows).doubleValue());

      b.executeScript("window.__load.start()");
      AtomicLong published = new AtomicLong();
      ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
      long changes = (long) rate * seconds;
      publisher.scheduleAtFixedRate(
          () -> {
            long n = published.getAndIncrement();
            if (n >= changes) {
              return;
            }
            int t = (int) ((n * 7) % tenants);
            int a = (int) ((n * 31) % perTenant);
            SyncStatus sync = n % 3 == 0 ? SyncStatus.OUT_OF_SYNC : SyncStatus.SYNCED;
            HealthStatus health = n % 5 == 0 ? HealthStatus.PROGRESSING : HealthStatus.HEALTHY;
            vertx
                .eventBus()
                .publish(
                    Addresses.APP_STATUS,
                    new Messages.StatusChanged(
                        new AppId(new TenantId("t" + t), String.format("app-%04d", a)),
                        status(sync, health, Long.toHexString(n))));
          },
          0,
          1_000_000_000L / rate,
          TimeUnit.NANOSECONDS);
      Thread.sleep(seconds * 1000L + 500);
      publisher.shutdownNow();
      @SuppressWarnings("unchecked")
      Map<String, Object> r =
          (Map<String, Object>) b.executeScript("return window.__load.report()");
      System.out.printf(
          "published %d changes; frames %s, interval p50 %s ms, p95 %s ms, p99 %s ms, max %s ms; frames over 50 ms: %s; long tasks: %s (%s ms in all); rows in the DOM at the end: %s%n",
          published.get(),
          r.get("frames"),
          r.get("p50"),
          r.get("p95"),
          r.get("p99"),
          r.get("max"),
          r.get("over50"),
          r.get("longTasks"),
          r.get("longTaskMs"),
          r.get("domRows"));
      System.out.println(
          "summary line at the end: " + b.findElement(By.id("apps-summary")).getText());
    } finally {
      b.quit();
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static AppStatus status(SyncStatus sync, HealthStatus health, String revision) {
    return new AppStatus(sync, health, "", revision, "", List.of(), Instant.now());
  }

  private static JsonObject restApp(String tenant, int a) {
    return new JsonObject()
        .put("tenant", tenant)
        .put("name", String.format("app-%04d", a))
        .put("version", 1)
        .put("labels", new JsonObject().put("team", "t" + (a % 4)))
        .put(
            "spec",
            new JsonObject()
                .put(
                    "source",
                    new JsonObject()
                        .put("repoURL", "file:///r")
                        .put("targetRevision", "main")
                        .put("path", "apps/" + a))
                .put(
                    "destination",
                    new JsonObject()
                        .put("cluster", "c" + (a % 8))
                        .put("namespace", "ns-" + (a % 50))))
        .put(
            "status",
            new JsonObject()
                .put("sync", new JsonObject().put("status", "Synced").put("revision", "0"))
                .put("health", new JsonObject().put("status", "Healthy").put("message", ""))
                .put("message", "")
                .put("reconciledAt", Instant.now().toString())
                .put("resources", new JsonArray()));
  }

  /** Runs in the page before its own scripts (CDP), so the page itself carries no test code. */
  private static final String PROBE =
      """
      (() => {
        if (!location.pathname.startsWith('/ui/')) return;
        const L = window.__load = { firstRow: null, allRows: null, frames: [], longTasks: 0, longTaskMs: 0 };
        new MutationObserver(() => {
          if (L.firstRow === null && document.querySelector('.app-row')) L.firstRow = performance.now();
          const s = document.getElementById('apps-summary');
          if (L.allRows === null && s && s.textContent.startsWith('TOTAL of TOTAL apps ·')) L.allRows = performance.now();
        }).observe(document, { childList: true, subtree: true, characterData: true });
        try {
          new PerformanceObserver((list) => {
            if (!L.running) return;
            for (const e of list.getEntries()) { L.longTasks++; L.longTaskMs += e.duration; }
          }).observe({ type: 'longtask', buffered: false });
        } catch (e) {}
        L.start = () => {
          L.running = true;
          let last = performance.now();
          const tick = (now) => { L.frames.push(now - last); last = now; if (L.running) requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
          // a user scrolling up and down the list meanwhile
          const list = document.getElementById('app-list');
          let dir = 1;
          L.scroller = setInterval(() => {
            list.scrollTop += dir * 640;
            if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1 || list.scrollTop <= 0) dir = -dir;
          }, 100);
        };
        L.report = () => {
          L.running = false;
          clearInterval(L.scroller);
          const f = L.frames.slice(1).sort((a, b) => a - b);
          const q = (p) => f.length ? f[Math.min(f.length - 1, Math.ceil(p * f.length) - 1)].toFixed(1) : 'n/a';
          return { frames: f.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1),
            over50: f.filter((x) => x > 50).length, longTasks: L.longTasks, longTaskMs: Math.round(L.longTaskMs),
            domRows: document.querySelectorAll('.app-row').length };
        };
      })();
      """;
}
