package io.gitops.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.config.ConfigLoader;
import io.gitops.gateway.config.GatewayConfig;
import io.gitops.gateway.config.SyncSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sync.*} keys: read into the sync engine's settings, and a bad value stops the start
 * naming its key.
 */
class SyncConfigTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  String startWith(String sync, Map<String, String> env) throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        "database:\n  url: postgresql://localhost:1/x\noidc:\n  issuer: http://localhost:1\n"
            + sync);
    Files.createDirectories(dir.resolve("tenants"));
    Runner r =
        Main.run(
            new String[] {"serve", "--config", config.toString()},
            env,
            new PrintStream(out, true),
            new PrintStream(err, true));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(text.lines().count()).as("one line: %s", text).isEqualTo(1);
    return text;
  }

  @Test
  void aBadApplyRateNamesTheKey() throws Exception {
    assertThat(startWith("sync:\n  apply-rate-per-cluster: fast\n", Map.of()))
        .contains("sync.apply-rate-per-cluster: must be a number, got 'fast'");
  }

  @Test
  void aNegativeRetryLimitFromTheEnvironmentNamesTheKey() throws Exception {
    assertThat(startWith("", Map.of("GATEWAY_SYNC_RETRY_LIMIT", "-1")))
        .contains("sync.retry-limit: must be between 0 and 100, got -1");
  }

  @Test
  void aZeroWaveTimeoutNamesTheKey() throws Exception {
    assertThat(startWith("sync:\n  wave-timeout-seconds: 0\n", Map.of()))
        .contains("sync.wave-timeout-seconds");
  }

  @Test
  void theKeysReachTheSyncSettingsAndTheRestKeepTheirDefaults() {
    GatewayConfig config =
        ConfigLoader.fromTree(
            Map.of(
                "sync",
                Map.of(
                    "apply-rate-per-cluster",
                    2.5,
                    "apply-burst",
                    7,
                    "history-retention-days",
                    30,
                    "retry-limit",
                    0,
                    "wave-timeout-seconds",
                    90)),
            Map.of(),
            true);
    SyncSettings s = config.sync();
    assertThat(s.applyRatePerCluster()).isEqualTo(2.5);
    assertThat(s.applyBurst()).isEqualTo(7);
    assertThat(s.historyRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(s.retryLimit()).isZero();
    assertThat(s.waveTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.selfHealBase()).isEqualTo(SyncSettings.defaults().selfHealBase());
    assertThat(ConfigLoader.fromTree(Map.of(), Map.of(), true).sync())
        .isEqualTo(SyncSettings.defaults());
  }
}
