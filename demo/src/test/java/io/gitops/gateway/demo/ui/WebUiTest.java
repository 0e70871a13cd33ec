package io.gitops.gateway.demo.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.demo.DemoMode;
import io.gitops.gateway.demo.DevIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium against the whole demo (gateway, simulated clusters, dev
 * issuer): login by authorization code + PKCE, the demo's apps, drift made on a cluster seen live,
 * diff, dry run then sync, rollback and resume, a viewer without actions, an expired token, problem
 * JSON on the page. Screenshots of each view go to target/ui-screenshots (docs/ui/ holds copies).
 */
class WebUiTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path SHOTS = Path.of("target", "ui-screenshots");

  @TempDir static Path data;
  private static DemoMode.Running demo;
  private static String base;

  @BeforeAll
  static void startDemo() throws Exception {
    Browser.start(400, 300).quit(); // skips (or fails, where required) before the demo starts
    demo =
        DemoMode.start(
            new DemoMode.Options(0, data, Map.of()),
            new PrintStream(new ByteArrayOutputStream(), true));
    base = "http://localhost:" + demo.gateway().port();
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stopDemo() throws Exception {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void operatorSeesEveryTenantsAppsAndEachViewWithoutCspViolations() throws Exception {
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "carol");
          // other tests change these apps' states: here only that every tenant's apps are there
          row(b, "team-a/guestbook-dev", null);
          row(b, "team-a/guestbook-prod", null);
          row(b, "team-b/api", null);
          wait(b).until(d -> b.findElements(By.cssSelector(".app-row")).size() == 4);
          assertThat(b.findElement(By.id("counts")).getText()).contains("All 4");
          shot(b, "apps");

          b.get(base + "/ui/#/versions");
          wait(b)
              .until(
                  ExpectedConditions.presenceOfElementLocated(
                      By.cssSelector("#versions [data-app='team-a/guestbook-prod']")));
          wait(b)
              .until(
                  ExpectedConditions.presenceOfElementLocated(
                      By.cssSelector("#versions [data-app='team-b/api'] .images code")));
          shot(b, "versions");

          b.get(base + "/ui/#/clusters");
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.cssSelector("[data-cluster='prod']"), "Reachable"));
          assertThat(b.findElement(By.cssSelector("[data-cluster='dev']")).getText())
              .contains("Apps\n2");
          shot(b, "clusters");

          List<LogEntry> violations =
              b.manage().logs().get(LogType.BROWSER).getAll().stream()
                  .filter(e -> e.getMessage().contains("Content Security Policy"))
                  .toList();
          assertThat(violations).isEmpty();
        });
    withBrowser(
        390,
        844,
        b -> {
          login(b, "carol");
          row(b, "team-b/api", null);
          shot(b, "apps-phone");
        });
  }

  @Test
  void theUiIsServedWithAStrictContentSecurityPolicy() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ui/")).build(),
            HttpResponse.BodyHandlers.ofString());
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    HttpResponse<String> root =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).contains("/ui/");
    HttpResponse<String> config =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/ui/config.json")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(config.body()).contains(demo.issuer().issuer()).contains(DevIssuer.AUDIENCE);
  }

  @Test
  void driftOnTheClusterShowsLiveThenDiffDryRunAndSyncBringItBack() throws Exception {
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "alice");
          row(b, "team-a/guestbook-prod", "Synced");
          // a change made on the (simulated) prod cluster, not through the gateway; prod does
          // not self-heal, so the app stays OutOfSync until someone syncs it
          editGuestbookOnProd(
              d -> {
                d.getSpec().setReplicas(5);
                return d;
              });
          row(b, "team-a/guestbook-prod", "OutOfSync"); // from the feed: the page never polls

          b.findElement(By.cssSelector("[data-app='team-a/guestbook-prod'] a")).click();
          WebElement diff =
              wait(b)
                  .until(
                      ExpectedConditions.presenceOfElementLocated(
                          By.cssSelector("[data-diff='Deployment/guestbook']")));
          diff.findElement(By.tagName("summary")).click();
          String text = diff.findElement(By.cssSelector("pre.diff")).getText();
          assertThat(text).contains("-  replicas: 5").contains("+  replicas: 2");
          b.executeScript("arguments[0].scrollIntoView({block: 'center'})", diff);
          shot(b, "app-diff");
          diff.findElement(By.tagName("button")).click(); // side by side: live | desired
          assertThat(diff.findElement(By.cssSelector("table.diff-sbs td.del")).getText())
              .contains("replicas: 5");
          assertThat(diff.findElement(By.cssSelector("table.diff-sbs td.add")).getText())
              .contains("replicas: 2");
          b.executeScript("arguments[0].scrollIntoView({block: 'center'})", diff);
          shot(b, "app-diff-side-by-side");

          b.findElement(By.id("sync")).click();
          WebElement plan =
              wait(b).until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-change")));
          assertThat(plan.getText()).contains("Deployment.apps/team-a-guestbook/guestbook");
          assertThat(b.findElement(By.id("plan-create")).getText()).contains("Create (0)");
          shot(b, "sync-dry-run");
          // the cluster's dry run names the conflict with the other field manager: take over
          b.findElement(By.id("opt-force")).click();
          b.findElement(By.id("confirm-sync")).click();
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("sync-done")));
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.id("app-summary"), "Synced"));
          b.get(base + "/ui/#/apps");
          row(b, "team-a/guestbook-prod", "Synced");
        });
  }

  @Test
  void anImageSetOnTheClusterShowsInTheVersionsMatrix() throws Exception {
    String cell = "#versions [data-app='team-a/guestbook-prod'] .images";
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "alice");
          b.get(base + "/ui/#/versions");
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.cssSelector(cell), "ghcr.io/example/guestbook:1.4.2"));
          // set on the (simulated) prod cluster by hand: prod does not self-heal, the image stays
          setGuestbookImageOnProd("ghcr.io/example/guestbook:1.4.3-hotfix");
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.cssSelector(cell), "ghcr.io/example/guestbook:1.4.3-hotfix"));
          assertThat(
                  b.findElement(By.cssSelector("#versions [data-app='team-a/guestbook-dev']"))
                      .getText())
              .as("dev runs what Git says")
              .contains("ghcr.io/example/guestbook:1.4.2");
          shot(b, "versions-hand-set-image");
          // put back what Git says, so the other tests find prod as they expect it
          setGuestbookImageOnProd("ghcr.io/example/guestbook:1.4.2");
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.cssSelector(cell), "ghcr.io/example/guestbook:1.4.2"));
          b.get(base + "/ui/#/apps");
          row(b, "team-a/guestbook-prod", "Synced");
        });
  }

  private static void setGuestbookImageOnProd(String image) {
    editGuestbookOnProd(
        d -> {
          d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
          return d;
        });
  }

  /** A change made on the (simulated) prod cluster by hand, not through the gateway. */
  private static void editGuestbookOnProd(
      java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.apps.Deployment> change) {
    demo.clusters().stream()
        .filter(c -> c.name().equals("prod"))
        .findFirst()
        .orElseThrow()
        .client()
        .apps()
        .deployments()
        .inNamespace("team-a-guestbook")
        .withName("guestbook")
        .edit(change);
  }

  @Test
  void rollbackToTheEarlierRevisionPausesAutoSyncAndResumeEndsThePause() throws Exception {
    String first;
    String second;
    try (Git git = Git.open(data.resolve("repo").toFile())) {
      first = git.getRepository().resolve("HEAD").name();
      Path cm = data.resolve("repo/team-a/guestbook/configmap.yaml");
      Files.writeString(cm, Files.readString(cm).replace("Hello from Git", "Hello again"));
      git.add().addFilepattern(".").call();
      second =
          git.commit()
              .setMessage("new greeting")
              .setAuthor("demo", "demo@gitops.invalid")
              .setCommitter("demo", "demo@gitops.invalid")
              .setSign(false)
              .call()
              .name();
    }
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "alice");
          b.get(base + "/ui/#/apps/team-a/guestbook-dev");
          wait(b).until(ExpectedConditions.elementToBeClickable(By.id("refresh"))).click();
          synced(b, second); // the refresh fetched the new commit; automated sync applied it
          wait(b)
              .until(
                  d ->
                      new Select(d.findElement(By.id("rollback-revision")))
                          .getOptions().stream()
                              .anyMatch(o -> first.equals(o.getDomAttribute("value"))));
          // the page redraws from the live feed: a redraw between finding and choosing is tried
          // again
          wait(b)
              .ignoring(StaleElementReferenceException.class)
              .until(
                  d -> {
                    Select revisions = new Select(d.findElement(By.id("rollback-revision")));
                    revisions.selectByValue(first);
                    return first.equals(
                        revisions.getFirstSelectedOption().getDomAttribute("value"));
                  });
          b.findElement(By.id("rollback")).click();
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("rollback-done")));
          synced(b, first);
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("paused")));
          shot(b, "app-rolled-back");
          wait(b).until(ExpectedConditions.elementToBeClickable(By.id("resume"))).click();
          synced(b, second);
          wait(b).until(ExpectedConditions.invisibilityOfElementLocated(By.id("paused")));
        });
  }

  @Test
  void anAdminTurnsAutomatedSyncOnAndOffAgain() throws Exception {
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "bob");
          b.get(base + "/ui/#/apps/team-b/worker");
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.id("main"), "off (manual)"));
          wait(b).until(ExpectedConditions.elementToBeClickable(By.id("auto-sync-toggle"))).click();
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("auto-sync-done")));
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.id("auto-sync-toggle"), "Turn off auto-sync"));
          wait(b).until(d -> !d.findElement(By.id("main")).getText().contains("off (manual)"));
          b.findElement(By.id("auto-sync-toggle")).click();
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.id("auto-sync-toggle"), "Turn on auto-sync"));
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.id("main"), "off (manual)"));
        });
  }

  @Test
  void aViewerSeesNoActionsAndOnlyTheirTenant() throws Exception {
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "dave");
          row(b, "team-a/guestbook-dev", null);
          assertThat(b.findElements(By.cssSelector("[data-app^='team-b/']"))).isEmpty();
          // by keyboard: the row's link opens the app
          b.findElement(By.cssSelector("[data-app='team-a/guestbook-dev'] a")).sendKeys(Keys.ENTER);
          wait(b).until(ExpectedConditions.urlContains("#/apps/team-a/guestbook-dev"));
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("read-only")));
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("object-tree")));
          assertThat(b.findElements(By.id("sync"))).isEmpty();
          assertThat(b.findElements(By.id("rollback"))).isEmpty();
          shot(b, "app-viewer");
        });
  }

  @Test
  void anExpiredTokenGoesBackToLoginAndReturnsToTheSamePage() throws Exception {
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "alice");
          b.get(base + "/ui/#/apps/team-a/guestbook-prod");
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("object-tree")));
          String expired = demo.issuer().token("alice", DevIssuer.USERS.get("alice"), -60);
          ((JavascriptExecutor) b)
              .executeScript(
                  "sessionStorage.setItem('gitops.ui.token', arguments[0]); location.reload();",
                  expired);
          signInOnTheIssuerPage(b, "alice");
          wait(b).until(ExpectedConditions.urlContains("#/apps/team-a/guestbook-prod"));
          wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("object-tree")));
        });
  }

  @Test
  void apiErrorsShowTheProblemAndSignOutEndsTheSession() throws Exception {
    withBrowser(
        1280,
        900,
        b -> {
          login(b, "alice");
          b.get(base + "/ui/#/apps/team-a/no-such-app");
          WebElement problem =
              wait(b)
                  .until(
                      ExpectedConditions.visibilityOfElementLocated(
                          By.cssSelector("#app-summary .problem")));
          assertThat(problem.getText()).contains("HTTP 404");
          shot(b, "app-error");
          b.findElement(By.id("logout")).click();
          wait(b)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Signed out"));
          Object token =
              ((JavascriptExecutor) b)
                  .executeScript("return sessionStorage.getItem('gitops.ui.token');");
          assertThat(token).isNull();
        });
  }

  // --- helpers

  private static void withBrowser(int width, int height, Consumer<ChromeDriver> steps)
      throws Exception {
    ChromeDriver b = Browser.start(width, height);
    try {
      steps.accept(b);
    } catch (Throwable t) {
      shot(b, "failed-" + System.nanoTime());
      b.manage().logs().get(LogType.BROWSER).forEach(e -> System.err.println("browser: " + e));
      throw t;
    } finally {
      b.quit();
    }
  }

  /** Waits through the page's own navigations (the login redirects abort a pending lookup). */
  private static WebDriverWait wait(ChromeDriver b) {
    WebDriverWait wait = new WebDriverWait(b, WAIT);
    wait.ignoring(WebDriverException.class);
    return wait;
  }

  private static void login(ChromeDriver b, String user) {
    b.get(base + "/");
    signInOnTheIssuerPage(b, user);
    wait(b).until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
  }

  private static void signInOnTheIssuerPage(ChromeDriver b, String user) {
    wait(b).until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(user);
    b.findElement(By.id("password")).sendKeys(user); // the demo's passwords are the user names
    b.findElement(By.id("sign-in")).click();
  }

  private static void row(ChromeDriver b, String app, String sync) {
    wait(b)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(
                    "[data-app='"
                        + app
                        + "']"
                        + (sync == null ? "" : "[data-sync='" + sync + "']"))));
  }

  /** The revision the app's last (non-dry-run) sync applied successfully. */
  private static void synced(ChromeDriver b, String sha) {
    wait(b).until(ExpectedConditions.attributeToBe(By.id("last-sync"), "data-revision", sha));
  }

  private static void shot(ChromeDriver b, String name) {
    try {
      Files.copy(
          b.getScreenshotAs(OutputType.FILE).toPath(),
          SHOTS.resolve(name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
