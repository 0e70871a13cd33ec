package io.gitops.gateway.health.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a health script can and cannot do: the table in sandbox-cases.yaml, plus isolation. */
class SandboxTest {
  private static final String NAME = "sandbox.test/Case/health.lua";
  private static final Map<String, Object> CONFIG_MAP =
      Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "x"));

  static Stream<Map<String, Object>> cases() {
    return LuaTestFixtures.table("sandbox-cases.yaml").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void scriptGetsTheVerdictTheTableExpects(Map<String, Object> c) {
    Map<String, Object> object = (Map<String, Object>) c.getOrDefault("object", CONFIG_MAP);

    HealthResult result = HealthScript.compile(NAME, (String) c.get("script")).assess(object);

    assertThat(result.status())
        .as(result.message())
        .isEqualTo(HealthStatus.fromLabel((String) c.get("status")));
    assertThat(result.message()).contains((String) c.get("message"));
    if (result.status() == HealthStatus.UNKNOWN) {
      assertThat(result.message()).startsWith("health script " + NAME + " ");
    }
  }

  @Test
  void globalsSetByOneCallAreGoneInTheNext() {
    HealthScript counter =
        HealthScript.compile(
            NAME,
            "count = (count or 0) + 1\nreturn {status = 'Healthy', message = tostring(count)}");

    assertThat(counter.assess(CONFIG_MAP).message()).isEqualTo("1");
    assertThat(counter.assess(CONFIG_MAP).message()).isEqualTo("1");
  }

  @Test
  void aScriptThatBreaksTheLibrariesBreaksOnlyItself() {
    HealthScript vandal =
        HealthScript.compile(
            "vandal.lua",
            "string.upper = nil; table.insert = nil; math.floor = nil; os.time = nil\n"
                + "return {status = 'Healthy'}");
    HealthScript user =
        HealthScript.compile(
            "user.lua",
            "local t = {}; table.insert(t, string.upper('ok')); table.insert(t, ('x'):upper())\n"
                + "return {status = 'Healthy', message = table.concat(t, ' ') .. math.floor(1.5) .. type(os.time())}");

    vandal.assess(CONFIG_MAP);

    assertThat(user.assess(CONFIG_MAP))
        .isEqualTo(new HealthResult(HealthStatus.HEALTHY, "OK X1number"));
  }

  @Test
  void stringMethodsStayGuardedWhenOtherCodeLoadsLuajsStringLibrary() {
    org.luaj.vm2.lib.jse.JsePlatform.standardGlobals();
    HealthScript rep =
        HealthScript.compile(NAME, "return {status = 'Healthy', message = ('x'):rep(1e9)}");

    assertThat(rep.assess(CONFIG_MAP).message()).contains("string.rep result too long");
  }

  @Test
  void endlessLoopsOnOtherThreadsDoNotStopHealthyScripts() throws Exception {
    HealthScript loop = HealthScript.compile("loop.lua", "while true do end");
    HealthScript fine =
        HealthScript.compile(
            "fine.lua",
            "local n = 0\nfor i = 1, #obj.spec.items do n = n + obj.spec.items[i] end\n"
                + "return {status = 'Healthy', message = 'sum ' .. n}");
    Map<String, Object> object =
        LuaTestFixtures.object("v1", "ConfigMap", Map.of("items", List.of(1, 2, 3)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HealthResult>> loops =
          IntStream.range(0, 4).mapToObj(i -> pool.submit(() -> loop.assess(object))).toList();
      List<Future<HealthResult>> fines =
          IntStream.range(0, 400).mapToObj(i -> pool.submit(() -> fine.assess(object))).toList();

      for (Future<HealthResult> f : fines) {
        assertThat(f.get()).isEqualTo(new HealthResult(HealthStatus.HEALTHY, "sum 6"));
      }
      for (Future<HealthResult> f : loops) {
        assertThat(f.get().status()).isEqualTo(HealthStatus.UNKNOWN);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
