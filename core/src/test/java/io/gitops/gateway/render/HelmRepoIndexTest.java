package io.gitops.gateway.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelmRepoIndexTest {
  static final String INDEX =
      """
      apiVersion: v1
      entries:
        other:
        - {name: other, version: 9.9.9, urls: [other-9.9.9.tgz], digest: abc}
        redis:
        - name: redis
          version: 19.6.4
          urls: [https://charts.example.com/redis-19.6.4.tgz]
          digest: ABCDEF
          dependencies: [{name: common, version: 2.x}]
        - {name: redis, version: 19.0.1, urls: [redis-19.0.1.tgz], digest: "01"}
        - {name: redis, version: 18.0.0, urls: []}
      generated: "2026-01-01T00:00:00Z"
      """;

  @Test
  void onlyTheChartAskedForIsReadAndTheRangeResolves() throws Exception {
    List<HelmRepoIndex.Entry> entries =
        HelmRepoIndex.versions(INDEX.getBytes(StandardCharsets.UTF_8), "redis");
    assertEquals(2, entries.size(), "an entry without URLs is skipped");
    assertEquals("abcdef", entries.get(0).digest());
    assertEquals("19.6.4", HelmRepoIndex.resolve(entries, "19.x").orElseThrow().version());
    assertEquals("19.0.1", HelmRepoIndex.resolve(entries, "~19.0").orElseThrow().version());
    assertEquals(
        List.of(), HelmRepoIndex.versions(INDEX.getBytes(StandardCharsets.UTF_8), "nginx"));
  }

  @Test
  void notAnIndexIsRefused() {
    assertThrows(
        RenderException.class,
        () -> HelmRepoIndex.versions("just: text\n".getBytes(StandardCharsets.UTF_8), "x"));
    assertThrows(
        RenderException.class,
        () -> HelmRepoIndex.versions("- a\n- b\n".getBytes(StandardCharsets.UTF_8), "x"));
    assertThrows(
        RenderException.class,
        () -> HelmRepoIndex.versions("entries: {a: [".getBytes(StandardCharsets.UTF_8), "a"));
  }
}
