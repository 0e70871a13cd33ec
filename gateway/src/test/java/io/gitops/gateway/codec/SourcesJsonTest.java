package io.gitops.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chart sources and Argo CD's {@code sources}: what is accepted, what is refused (the field). */
class SourcesJsonTest {
  static final AppId ID = AppId.of("shop", "web");
  static final String DEST = "\"destination\": {\"cluster\": \"dev\", \"namespace\": \"shop-web\"}";

  static AppSpec read(String json) {
    return AppJson.specFrom(ID, new JsonObject("{" + json + ", " + DEST + "}"));
  }

  @Test
  void aChartSourceAndSeveralSourcesReadBackAsWritten() {
    AppSpec chart =
        read(
            "\"source\": {\"repoURL\": \"https://charts.example.com\", \"chart\": \"redis\","
                + " \"targetRevision\": \"19.x\"}");
    assertThat(chart.source().chart()).isEqualTo("redis");
    assertThat(chart.source().explicitType()).isEqualTo(AppSpec.SourceType.HELM);
    assertThat(AppJson.specFrom(ID, new JsonObject(AppJson.specJson(chart).encode())))
        .isEqualTo(chart);

    AppSpec multi =
        read(
            "\"sources\": [{\"repoURL\": \"https://git.example.com/v.git\", \"ref\": \"values\"},"
                + " {\"repoURL\": \"oci://r.example.com/charts\", \"chart\": \"app\","
                + " \"helm\": {\"valueFiles\": [\"$values/prod.yaml\"]}}]");
    assertThat(multi.sources()).hasSize(2);
    assertThat(multi.source().chart()).as("the first source that renders").isEqualTo("app");
    JsonObject json = AppJson.specJson(multi);
    assertThat(json.containsKey("source")).isFalse();
    assertThat(AppJson.specFrom(ID, new JsonObject(json.encode()))).isEqualTo(multi);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"source\": {\"repoURL\": \"https://c.example.com\", \"chart\": \"a/b\"} | source.chart",
        "\"source\": {\"repoURL\": \"https://c.example.com\", \"chart\": \"a\", \"path\": \"x\"} | source.path",
        "\"source\": {\"repoURL\": \"https://c.example.com\", \"chart\": \"a\", \"targetRevision\": \"~>abc\"} | source.targetRevision",
        "\"source\": {\"repoURL\": \"https://g.example.com/r.git\", \"ref\": \"v\"} | source.ref",
        "\"source\": {\"repoURL\": \"https://g.example.com/r.git\"}, \"sources\": [] | sources",
        "\"sources\": [] | sources",
        "\"sources\": [{\"repoURL\": \"https://g.example.com/r.git\", \"ref\": \"v\"}] | sources",
        "\"sources\": [{\"repoURL\": \"https://g.example.com/r.git\", \"path\": \"/etc\"}] | sources[0].path",
        "\"sources\": [{\"repoURL\": \"https://g.example.com/a.git\", \"ref\": \"v\"}, {\"repoURL\": \"https://g.example.com/b.git\", \"ref\": \"v\", \"path\": \"x\"}] | sources[1].ref",
        "\"sources\": [{\"repoURL\": \"https://g.example.com/a.git\", \"path\": \"x\", \"helm\": {\"valueFiles\": [\"$nope/v.yaml\"]}}] | sources[0].helm.valueFiles[0]",
      })
  void refusedNamingTheField(String json, String field) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(
            InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
