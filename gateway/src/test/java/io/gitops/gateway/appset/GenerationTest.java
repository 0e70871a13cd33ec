package io.gitops.gateway.appset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generators and templates as pure functions of their inputs. */
class GenerationTest {
  static final GeneratorInputs INPUTS =
      new GeneratorInputs(
          Map.of(
              "dev", Map.of("env", "dev", "region", "eu"),
              "prod-eu", Map.of("env", "prod", "region", "eu"),
              "prod-us", Map.of("env", "prod", "region", "us")),
          Map.of(
              new GeneratorInputs.RepoAt("https://git/x", "main"),
              Generation.directoriesOf(
                  List.of("apps/web/a.yaml", "apps/api/b.yaml", "apps/api/sub/c.yaml", "README"))));

  @Test
  void clustersAreSelectedByAllTheirLabels() {
    var out = Generation.run(new Generator.Clusters(Map.of("env", "prod")), INPUTS);
    assertThat(out).extracting(p -> p.get("cluster")).containsExactly("prod-eu", "prod-us");
    assertThat(out.get(0)).containsEntry("labels.region", "eu").containsEntry("name", "prod-eu");
    assertThat(Generation.run(new Generator.Clusters(Map.of()), INPUTS)).hasSize(3);
    assertThat(Generation.run(new Generator.Clusters(Map.of("env", "qa")), INPUTS)).isEmpty();
  }

  @Test
  void directoriesMatchIncludedGlobsAndNoExcludedOne() {
    var gen =
        new Generator.GitDirectories(
            "https://git/x",
            "main",
            List.of(
                new Generator.DirectoryGlob("apps/*", false),
                new Generator.DirectoryGlob("apps/web", true)));
    var out = Generation.run(gen, INPUTS);
    assertThat(out).extracting(p -> p.get("path")).containsExactly("apps/api");
    assertThat(out.get(0)).containsEntry("path.basename", "api");
  }

  @Test
  void matrixIsTheProductAndTheSecondWinsOnAClash() {
    var out =
        Generation.run(
            new Generator.Matrix(
                new Generator.Clusters(Map.of("region", "eu")),
                new Generator.ListOf(
                    List.of(Map.of("app", "a"), Map.of("app", "b", "cluster", "over")))),
            INPUTS);
    assertThat(out).hasSize(4);
    assertThat(out)
        .extracting(p -> p.get("cluster"))
        .containsExactly("dev", "over", "prod-eu", "over");
  }

  @Test
  void tooManyParameterSetsFailTheSet() {
    var many =
        new Generator.ListOf(
            java.util.stream.IntStream.range(0, 100).mapToObj(i -> Map.of("i", "" + i)).toList());
    assertThatThrownBy(() -> Generation.run(new Generator.Matrix(many, many), INPUTS))
        .isInstanceOf(Generation.Failed.class)
        .hasMessageContaining("10000 parameter sets");
  }

  @Test
  void templatesFillOncePerPassAndRefuseMissingParameters() {
    JsonObject t =
        new JsonObject()
            .put("name", "{{cluster}}-web")
            .put("destination", new JsonObject().put("namespace", "ns-{{ labels.env }}"));
    JsonObject out = Template.render(t, Map.of("cluster", "{{labels.env}}", "labels.env", "prod"));
    assertThat(out.getString("name"))
        .as("a value is never read as a template")
        .isEqualTo("{{labels.env}}-web");
    assertThat(out.getJsonObject("destination").getString("namespace")).isEqualTo("ns-prod");
    assertThatThrownBy(() -> Template.render(t, Map.of("cluster", "dev")))
        .isInstanceOf(Template.MissingParameter.class)
        .hasMessageContaining("labels.env");
  }

  @Test
  void rolloutStepsMatchAppLabels() {
    var steps =
        List.of(
            new RolloutStep(Map.of("env", List.of("dev"))),
            new RolloutStep(Map.of("env", List.of("staging", "qa"))));
    assertThat(RolloutStep.of(steps, Map.of("env", "qa"))).isEqualTo(1);
    assertThat(RolloutStep.of(steps, Map.of("env", "prod"))).isEqualTo(2);
  }
}
