package io.gitops.gateway.demo.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium and its chromedriver (installed by .ci/run). Where neither can be
 * found the browser tests skip with a loud message, unless BROWSER_REQUIRED=true (CI sets it once
 * the install worked), where a missing browser fails them.
 */
final class Browser {
  private Browser() {}

  static Optional<Path> find(String env, List<String> candidates) {
    String configured = System.getenv(env);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** A new headless Chromium window of the given size; skips (or fails) without a browser. */
  static ChromeDriver start(int width, int height) {
    Optional<Path> chromium =
        find("CHROMIUM_BIN", List.of("/usr/bin/chromium", "/usr/bin/chromium-browser"));
    Optional<Path> driver =
        find(
            "CHROMEDRIVER_BIN", List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
    if (chromium.isEmpty() || driver.isEmpty()) {
      String message =
          "WARNING: no headless Chromium/chromedriver (apt-get install chromium chromium-driver):"
              + " the web UI browser tests are SKIPPED";
      if ("true".equals(System.getenv("BROWSER_REQUIRED"))) {
        throw new IllegalStateException(message.replace("are SKIPPED", "cannot run"));
      }
      System.err.println(message);
      Assumptions.abort(message);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile()).build();
    ChromeDriver browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return browser;
  }
}
