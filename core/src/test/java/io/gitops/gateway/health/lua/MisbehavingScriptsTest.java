package io.gitops.gateway.health.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A folder where five scripts misbehave and one does not (lua/misbehaving): each bad one answers
 * Unknown naming itself and its fault, and the good one keeps answering.
 */
class MisbehavingScriptsTest {
  private static LuaHealthScripts scripts;

  @BeforeAll
  static void load() throws Exception {
    scripts = LuaHealthScripts.load(LuaTestFixtures.folder("misbehaving"));
  }

  @Test
  void everyScriptIsLoadedEvenTheOneThatDoesNotCompile() {
    assertThat(scripts.scriptCount()).isEqualTo(6);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ReadsFile    | failed at line 1: io.open is not available in health scripts",
        "RunsCommand  | failed at line 1: os.execute is not available in health scripts",
        "LoopsForever | used up its budget of 10000000 instructions (an endless loop?)",
        "NoStatus     | returned no status",
        "SyntaxError  | does not compile at line 2: '}' expected (to close '{' at line 1)",
      })
  void aMisbehavingScriptAnswersUnknownAndSaysWhy(String kind, String reason) {
    HealthResult result = scripts.assess(widget(kind)).orElseThrow();

    assertThat(result)
        .isEqualTo(
            new HealthResult(
                HealthStatus.UNKNOWN,
                "health script sandbox.test/" + kind + "/health.lua " + reason));
    assertThat(scripts.assess(widget("Fine")))
        .contains(new HealthResult(HealthStatus.HEALTHY, "replicas: 2"));
  }

  private static Map<String, Object> widget(String kind) {
    return LuaTestFixtures.object("sandbox.test/v1", kind, Map.of("replicas", 2));
  }
}
