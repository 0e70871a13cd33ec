package io.gitops.gateway.health.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.health.HealthAssessor;
import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which script judges which object (table: lookup-cases.yaml over the folder lua/lookup): exact
 * group/kind beats a wildcard, a more specific wildcard beats a looser one, core kinds sit at the
 * top, and files outside the layout (deeper, or under a ConfigMap's ..data) are not scripts.
 */
class ScriptLookupTest {
  private static LuaHealthScripts scripts;

  @BeforeAll
  static void load() throws Exception {
    scripts = LuaHealthScripts.load(LuaTestFixtures.folder("lookup"));
  }

  static Stream<Map<String, Object>> cases() {
    return LuaTestFixtures.table("lookup-cases.yaml").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theMostSpecificScriptJudges(Map<String, Object> c) {
    Map<String, Object> object = new HashMap<>(c);
    String expected = (String) object.remove("script");

    Optional<String> judge = scripts.assess(object).map(HealthResult::message);

    assertThat(judge).isEqualTo(expected.equals("none") ? Optional.empty() : Optional.of(expected));
  }

  @Test
  void onlyScriptsInTheLayoutAreLoaded() {
    assertThat(scripts.scriptCount()).isEqualTo(6);
  }

  @Test
  void aScriptTakesPrecedenceOverTheBuiltInsItIsPutInFrontOf() {
    HealthAssessor builtIns =
        object -> Optional.of(new HealthResult(HealthStatus.DEGRADED, "built-in"));
    HealthAssessor both = scripts.orElse(builtIns);

    assertThat(both.assess(Map.of("apiVersion", "v1", "kind", "Service")).orElseThrow().message())
        .isEqualTo("Service");
    assertThat(
            both.assess(Map.of("apiVersion", "apps/v1", "kind", "Deployment"))
                .orElseThrow()
                .message())
        .isEqualTo("built-in");
  }
}
