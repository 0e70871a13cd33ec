package io.gitops.gateway.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tenant-given patterns (directory globs, Kustomize targets) run on RE2/J: the same answers as
 * java.nio's glob matcher on ordinary patterns, and catastrophic ones finish at once. The
 * {@code @Timeout} is only a safety net; nothing here measures time.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LinearMatchingTest {

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*.yaml            | a.yaml",
        "*.yaml            | sub/a.yaml",
        "**                | sub/deep/a.yaml",
        "**/*.yaml         | sub/a.yaml",
        "skip/**           | skip/deep/d.yaml",
        "skip/**           | other/d.yaml",
        "*-test.yaml       | a-test.yaml",
        "extra/*.json      | extra/c.json",
        "extra/*.json      | extra/deep/c.json",
        "?.yaml            | a.yaml",
        "?.yaml            | ab.yaml",
        "{a,b}.yaml        | b.yaml",
        "{a,b}.yaml        | c.yaml",
        "[a-c].yaml        | b.yaml",
        "[!a-c].yaml       | d.yaml",
        "[!a-c].yaml       | a.yaml",
        "a\\*.yaml         | a*.yaml",
        "a\\*.yaml         | ab.yaml",
        "(x).yaml          | (x).yaml",
        "a+b$.yaml         | a+b$.yaml",
        "a.yaml            | aXyaml",
      })
  void globsAnswerAsJavaNio(String glob, String path) {
    boolean expected =
        FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(path));
    assertThat(Globs.compile(glob).matches(path)).as(Globs.toRegex(glob)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{a,{b}}   | nested alternatives",
        "{a,b      | without its '}'",
        "[abc      | without its ']'",
        "a\\       | no character to escape",
        "[a/b]     | '/' inside",
      })
  void refusesBadGlobsNamingTheFault(String glob, String fault) {
    assertThatThrownBy(() -> Globs.compile(glob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fault);
  }

  @Test
  void backtrackingGlobFinishesAtOnce() {
    String name = "a".repeat(100_000) + ".yaml";
    assertThat(Globs.compile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b.yaml").matches(name)).isFalse();
    assertThat(Globs.compile("**a**a**a**a**a**a**a**b").matches("a/".repeat(50_000))).isFalse();
  }

  @Test
  void catastrophicKustomizeTargetFinishesAtOnce() throws Exception {
    // The longest name Kubernetes allows (253): enough for 2^250 steps on a backtracking engine.
    String name = "a".repeat(250) + "b";
    var files =
        new InMemoryRepoFiles(
            java.util.Map.of(
                "app/kustomization.yaml",
                """
            resources: [cm.yaml]
            patches:
              - patch: '[{op: add, path: /metadata/annotations, value: {bomb: hit}}]'
                target: {name: "(a+)+$"}
              - patch: '[{op: add, path: /metadata/annotations, value: {bomb: hit}}]'
                target: {name: "(a|aa)*c"}
            """,
                "app/cm.yaml",
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: " + name + "}}\n"));
    RenderResult result = new Renderer().render(files, RenderRequest.of("app"));
    assertThat(result.objects())
        .singleElement()
        .satisfies(
            o -> assertThat(String.valueOf(o.get("metadata"))).doesNotContain("annotations"));
  }
}
