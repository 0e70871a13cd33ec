package io.gitops.gateway.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartArchiveTest {
  @Test
  void readsWhatHelmPackaged(@TempDir Path dir) throws Exception {
    Path chart = dir.resolve("demo");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.2.3\n");
    Files.writeString(chart.resolve("templates/cm.yaml"), "kind: ConfigMap\n");
    new com.marcnuri.helm.Helm(chart).packageIt().withDestination(dir).call();
    byte[] tgz = Files.readAllBytes(dir.resolve("demo-1.2.3.tgz"));
    Map<String, byte[]> files = ChartArchive.unpack(tgz, 1 << 20, 100);
    assertTrue(files.containsKey("demo/Chart.yaml"), files.keySet().toString());
    assertEquals("kind: ConfigMap\n", new String(files.get("demo/templates/cm.yaml")));
  }

  @Test
  void roundTrip() throws Exception {
    Map<String, byte[]> files = Map.of("a/Chart.yaml", "x".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(
        "x".getBytes(StandardCharsets.UTF_8),
        ChartArchive.unpack(ChartArchive.pack(files), 100, 10).get("a/Chart.yaml"));
  }

  @Test
  void escapingNamesAndBombsAreRefused() {
    byte[] escaping = ChartArchive.pack(Map.of("a/../../etc/x", new byte[1]));
    assertThrows(ChartArchive.Invalid.class, () -> ChartArchive.unpack(escaping, 100, 10));
    byte[] big = ChartArchive.pack(Map.of("a/big", new byte[10_000]));
    var e = assertThrows(ChartArchive.Invalid.class, () -> ChartArchive.unpack(big, 1000, 10));
    assertTrue(e.getMessage().contains("1000 bytes"), e.getMessage());
    byte[] many = ChartArchive.pack(Map.of("a/1", new byte[1], "a/2", new byte[1]));
    assertThrows(ChartArchive.Invalid.class, () -> ChartArchive.unpack(many, 1000, 1));
  }
}
