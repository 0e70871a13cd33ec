package io.gitops.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Argo CD → gateway mapping as a table: a field of an Application, where it lands in the app
 * body (a JSON pointer), or that it is ignored (named), or refused (the import fails naming it).
 */
class ArgoApplicationsTest {
  static String app(String specExtra, String sourceExtra) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web, namespace: argocd}
        spec:
          source:
            repoURL: https://git.example.com/web.git
        %s
          destination: {name: dev, namespace: team-a-web}
        %s
        """
        .formatted(sourceExtra.indent(4).stripTrailing(), specExtra.indent(2).stripTrailing());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "targetRevision: main                               | /source/targetRevision         | main",
        "path: apps/web                                     | /source/path                   | apps/web",
        "helm: {releaseName: web}                           | /source/helm/releaseName       | web",
        "helm: {namespace: team-a-x}                        | /source/helm/namespace         | team-a-x",
        "helm: {valueFiles: [prod.yaml]}                    | /source/helm/valueFiles/0      | prod.yaml",
        "helm: {values: 'a: 1'}                             | /source/helm/values            | a: 1",
        "helm: {valuesObject: {a: 1}}                       | /source/helm/valuesObject/a    | 1",
        "helm: {parameters: [{name: a, value: b}]}          | /source/helm/parameters/0/value | b",
        "directory: {recurse: false}                        | /source/directory/recurse      | false",
        "directory: {include: '*.yaml'}                     | /source/directory/include      | *.yaml",
        "directory: {exclude: 'x-*'}                        | /source/directory/exclude      | x-*",
        "kustomize: {}                                      | /source/sourceType             | Kustomize",
        "chart: redis                                       | /source/chart                  | redis",
      })
  void sourceFieldsAreMapped(String source, String pointer, String value) {
    JsonObject body = ArgoApplications.read(app("", source), null).get(0).body();
    assertThat(String.valueOf(at(body, pointer))).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "syncPolicy: {automated: {prune: true}}             | /syncPolicy/automated/prune    | true",
        "syncPolicy: {automated: {selfHeal: true}}          | /syncPolicy/automated/selfHeal | true",
        "syncPolicy: {automated: {allowEmpty: true}}        | /syncPolicy/automated/allowEmpty | true",
        "syncPolicy: {syncOptions: [Prune=false]}           | /syncPolicy/syncOptions/0      | Prune=false",
        "ignoreDifferences: [{kind: Deployment, jsonPointers: [/x]}] | /ignoreDifferences/0/kind | Deployment",
      })
  void specFieldsAreMapped(String spec, String pointer, String value) {
    JsonObject body = ArgoApplications.read(app(spec, ""), null).get(0).body();
    assertThat(String.valueOf(at(body, pointer))).isEqualTo(value);
    assertThat(body.getJsonObject("destination"))
        .isEqualTo(new JsonObject().put("cluster", "dev").put("namespace", "team-a-web"));
  }

  static String multi(String chartExtra) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: redis}
        spec:
          sources:
            - repoURL: https://charts.example.com/stable
              chart: redis
              targetRevision: 19.x
        %s
            - repoURL: https://git.example.com/config.git
              targetRevision: main
              ref: values
              name: config
          destination: {name: dev, namespace: team-a-redis}
        """
        .formatted(chartExtra.indent(6).stripTrailing());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "                                                | /sources/0/chart               | redis",
        "                                                | /sources/0/targetRevision      | 19.x",
        "                                                | /sources/1/ref                 | values",
        "                                                | /sources/1/repoURL             | https://git.example.com/config.git",
        "helm: {valueFiles: [$values/redis/prod.yaml]}   | /sources/0/helm/valueFiles/0   | $values/redis/prod.yaml",
        "helm: {releaseName: cache}                      | /sources/0/helm/releaseName    | cache",
        "helm: {parameters: [{name: a, value: b}]}       | /sources/0/helm/parameters/0/value | b",
      })
  void everySourceOfSeveralIsMappedWithItsRef(String chartExtra, String pointer, String value) {
    var imported = ArgoApplications.read(multi(chartExtra == null ? "" : chartExtra), null).get(0);
    assertThat(String.valueOf(at(imported.body(), pointer))).isEqualTo(value);
    assertThat(imported.body().containsKey("source")).isFalse();
    assertThat(imported.ignored().stream().map(ArgoApplications.Skipped::field))
        .contains("spec.sources[1].name");
  }

  @ParameterizedTest(name = "{0} refused as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plugin: {name: cmp}                           | spec.sources[0].plugin",
        "helm: {fileParameters: [{name: a, path: b}]}  | spec.sources[0].helm.fileParameters",
        "kustomize: {namePrefix: x-}                   | spec.sources[0].kustomize",
      })
  void aRefusedFieldInOneOfSeveralSourcesIsNamedWithItsIndex(String extra, String field) {
    assertThatThrownBy(() -> ArgoApplications.read(multi(extra), null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("nothing was imported")
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo(field);
  }

  @ParameterizedTest(name = "{0} ignored as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "project: default                              | | spec.project",
        "syncPolicy: {retry: {limit: 2}}               | | spec.syncPolicy.retry",
        "syncPolicy: {managedNamespaceMetadata: {}}    | | spec.syncPolicy.managedNamespaceMetadata",
        "revisionHistoryLimit: 3                       | | spec.revisionHistoryLimit",
        "info: [{name: a, value: b}]                   | | spec.info",
        "                                              | helm: {passCredentials: true} | spec.source.helm.passCredentials",
        "                                              | helm: {parameters: [{name: a, value: b, forceString: true}]} | spec.source.helm.parameters[0].forceString",
        "                                              | ref: values | spec.source.ref",
      })
  void fieldsLeftOutAreNamed(String spec, String source, String field) {
    var imported =
        ArgoApplications.read(app(spec == null ? "" : spec, source == null ? "" : source), null)
            .get(0);
    assertThat(imported.ignored().stream().map(ArgoApplications.Skipped::field))
        .contains("metadata.namespace", field);
  }

  @ParameterizedTest(name = "{0} refused as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plugin: {name: cmp}                           | spec.source.plugin",
        "kustomize: {namePrefix: x-}                   | spec.source.kustomize",
        "helm: {fileParameters: [{name: a, path: b}]}  | spec.source.helm.fileParameters",
        "helm: {skipCrds: true}                        | spec.source.helm.skipCrds",
        "directory: {jsonnet: {tlas: [{name: a}]}}      | spec.source.directory.jsonnet",
      })
  void fieldsThatWouldDeploySomethingElseAreRefused(String source, String field) {
    assertThatThrownBy(() -> ArgoApplications.read(app("", source), null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("nothing was imported")
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo(field);
  }

  @Test
  void aServerUrlNeedsTheClusterFromTheRequest() {
    String yaml = app("", "").replace("{name: dev,", "{server: 'https://kubernetes.default.svc',");
    assertThatThrownBy(() -> ArgoApplications.read(yaml, null))
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("spec.destination.server");
    var imported = ArgoApplications.read(yaml, "dev").get(0);
    assertThat(imported.body().getJsonObject("destination").getString("cluster")).isEqualTo("dev");
    assertThat(imported.ignored().stream().map(ArgoApplications.Skipped::field))
        .contains("spec.destination.server");
  }

  @Test
  void listsAndDocumentsAreReadAndAnythingButAnApplicationRefused() {
    String one = app("", "");
    String list =
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationList\nitems:\n"
            + one.replace("metadata: {name: web,", "metadata: {name: api,")
                .indent(2)
                .replaceFirst("  ", "- ");
    assertThat(ArgoApplications.read(one + "---\n" + list, null))
        .extracting(ArgoApplications.Imported::name)
        .containsExactly("web", "api");
    for (String other :
        List.of(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n",
            "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s}\n",
            "apiVersion: example.com/v1\nkind: Application\nmetadata: {name: w}\n")) {
      assertThatThrownBy(() -> ArgoApplications.read(one + "---\n" + other, null))
          .extracting(e -> ((InvalidSpecException) e).field())
          .isEqualTo("documents[1].kind");
    }
    assertThatThrownBy(() -> ArgoApplications.read("a: [", null))
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("body");
    assertThatThrownBy(() -> ArgoApplications.read("- 1\n- 2\n", null))
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("documents[0]");
  }

  @Test
  void aYamlAliasBombIsRefusedWithoutBeingExpanded() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [")
          .append(("*" + prev + ", ").repeat(9))
          .append("*")
          .append(prev)
          .append("]\n");
    }
    // 10^10 strings if aliases were expanded; the reader never expands them and refuses it at once
    assertThatThrownBy(() -> ArgoApplications.read(bomb.toString(), null))
        .isInstanceOf(InvalidSpecException.class);
  }

  static Object at(JsonObject body, String pointer) {
    return io.vertx.core.json.pointer.JsonPointer.from(pointer).queryJson(body);
  }
}
