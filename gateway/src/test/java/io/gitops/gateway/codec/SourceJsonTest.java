package io.gitops.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.HelmSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of an app's source options as the API and the database read them: what is accepted,
 * what is refused (naming the field), and that what is stored reads back the same.
 */
class SourceJsonTest {
  static final AppId ID = AppId.of("shop", "web");

  static AppSpec spec(String source) {
    return AppJson.specFrom(
        ID,
        new JsonObject(
            "{\"source\": {\"repoURL\": \"file:///r\", \"path\": \"charts/web\", "
                + source
                + "}, \"destination\": {\"cluster\": \"dev\", \"namespace\": \"shop-web\"}}"));
  }

  @Test
  void helmOptionsReadBackAsWrittenAfterAStoreRoundTrip() {
    AppSpec spec =
        spec(
            """
        "helm": {"releaseName": "web", "valueFiles": ["values-prod.yaml", "../shared/common.yaml"],
          "values": "replicas: 3\\nimage: {tag: v1}\\nreleased: 2024-01-01\\n",
          "parameters": [{"name": "image.tag", "value": "v2"}, {"name": "replicas", "value": 5}]}""");
    HelmSpec helm = spec.source().helm();
    assertThat(helm.values())
        .isEqualTo(Map.of("replicas", 3, "image", Map.of("tag", "v1"), "released", "2024-01-01"));
    assertThat(helm.parameters())
        .containsExactly(
            new HelmSpec.Parameter("image.tag", "v2"), new HelmSpec.Parameter("replicas", "5"));
    assertThat(spec.source().explicitType())
        .as("helm options given: a Helm source")
        .isEqualTo(AppSpec.SourceType.HELM);

    JsonObject stored = new JsonObject(AppJson.specJson(spec).encode()); // as JSONB gives it back
    assertThat(AppJson.specFrom(ID, stored)).isEqualTo(spec);
  }

  @Test
  void directoryOptionsTakeOneGlobOrAListAndKeepTheGatewaysRecursionByDefault() {
    AppSpec one = spec("\"directory\": {\"exclude\": \"{local-*,test/**}.yaml\"}");
    assertThat(one.source().directory().exclude()).containsExactly("{local-*,test/**}.yaml");
    assertThat(one.source().directory().recurse()).isNull();
    AppSpec list =
        spec(
            "\"sourceType\": \"directory\", \"directory\": {\"recurse\": false, \"include\": [\"*.yaml\", \"*.json\"]}");
    assertThat(list.source().type()).isEqualTo(AppSpec.SourceType.DIRECTORY);
    assertThat(list.source().directory().include()).containsExactly("*.yaml", "*.json");
    assertThat(AppJson.specFrom(ID, new JsonObject(AppJson.specJson(list).encode())))
        .isEqualTo(list);
  }

  @Test
  void aSpecWithoutOptionsIsStoredAsBefore() {
    AppSpec plain = spec("\"targetRevision\": \"main\"");
    assertThat(plain.source()).isEqualTo(new AppSpec.Source("file:///r", "main", "charts/web"));
    assertThat(AppJson.specJson(plain).getJsonObject("source").fieldNames())
        .containsExactlyInAnyOrder("repoURL", "targetRevision", "path");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      "sourceType": "Jsonnet"                                              | source.sourceType
      "sourceType": 3                                                      | source.sourceType
      "helm": []                                                           | source.helm
      "helm": {"valueFiles": ["../../../etc/passwd"]}                      | source.helm.valueFiles[0]
      "helm": {"valueFiles": ["ok.yaml", "/etc/passwd"]}                   | source.helm.valueFiles[1]
      "helm": {"valueFiles": ["https://example.com/values.yaml"]}          | source.helm.valueFiles[0]
      "helm": {"valueFiles": "values.yaml"}                                | source.helm.valueFiles
      "helm": {"valueFile": ["values.yaml"]}                               | source.helm.valueFile
      "helm": {"releaseName": "Web_1"}                                     | source.helm.releaseName
      "helm": {"namespace": "Not A Namespace"}                             | source.helm.namespace
      "helm": {"values": "a: [1"}                                          | source.helm.values
      "helm": {"values": "- a list"}                                       | source.helm.values
      "helm": {"values": "a0: &a0 [x,x]\\na1: &a1 [*a0,*a0]\\na2: &a2 [*a1,*a1]\\na3: &a3 [*a2,*a2]\\na4: &a4 [*a3,*a3]\\na5: &a5 [*a4,*a4]\\na6: &a6 [*a5,*a5]\\na7: &a7 [*a6,*a6]\\na8: &a8 [*a7,*a7]\\na9: &a9 [*a8,*a8]\\na10: &a10 [*a9,*a9]\\na11: &a11 [*a10,*a10]\\na12: &a12 [*a11,*a11]\\na13: &a13 [*a12,*a12]\\na14: &a14 [*a13,*a13]\\na15: &a15 [*a14,*a14]\\na16: &a16 [*a15,*a15]\\na17: &a17 [*a16,*a16]\\na18: &a18 [*a17,*a17]\\na19: &a19 [*a18,*a18]\\na20: &a20 [*a19,*a19]"} | source.helm.values
      "helm": {"values": 3}                                                | source.helm.values
      "helm": {"values": "a: 1", "valuesObject": {"a": 2}}                 | source.helm.valuesObject
      "helm": {"parameters": [{"name": "a", "value": "1", "forceString": true}]} | source.helm.parameters[0].forceString
      "helm": {"parameters": [{"value": "1"}]}                             | source.helm.parameters[0].name
      "helm": {"parameters": [{"name": "a", "value": {"b": 1}}]}           | source.helm.parameters[0].value
      "sourceType": "Kustomize", "helm": {}                                | source.helm
      "sourceType": "Helm", "directory": {}                                | source.directory
      "helm": {}, "directory": {}                                          | source.directory
      "directory": {"recurse": "yes"}                                      | source.directory.recurse
      "directory": {"exclude": "[unclosed"}                                | source.directory.exclude
      "directory": {"include": [3]}                                        | source.directory.include
      "directory": {"jsonnet": {}}                                         | source.directory.jsonnet
      "kustomize": {}                                                      | source.kustomize
      """)
  void badOptionsAreRefusedNamingTheField(String source, String field) {
    assertThatThrownBy(() -> spec(source))
        .isInstanceOfSatisfying(
            InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void aValueFileMayLeaveTheChartFolderWhileItStaysInTheRepository() {
    assertThat(
            spec("\"helm\": {\"valueFiles\": [\"../../env/prod.yaml\"]}")
                .source()
                .helm()
                .valueFiles())
        .isEqualTo(List.of("../../env/prod.yaml"));
  }
}
