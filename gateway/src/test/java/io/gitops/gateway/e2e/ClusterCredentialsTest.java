package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.cluster.InlineCredentials;
import io.gitops.gateway.config.ClusterConfig;
import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.store.ClusterStore;
import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.support.GatewayHarness;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A cluster registered through the API carries its credentials inline: a kubeconfig that would run
 * a program (exec, auth-provider) or read a file of the gateway host is refused with 400 naming the
 * field, nothing runs, nothing is stored; and one stored before this rule is not connected at
 * start.
 */
class ClusterCredentialsTest {
  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir static Path work;
  static GatewayHarness gw;
  static SimulatedCluster edge;
  static Path marker;
  static Path secretFile;
  static String operator;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayHarness.start(work, Map.of(), List.of(), Map.of("credentials", Map.of("key", KEY)));
    edge = SimulatedCluster.start("edge");
    marker = work.resolve("exec-ran");
    secretFile = Files.writeString(work.resolve("host-token"), "a-token-of-the-gateway-host");
    operator = gw.token("olga", "gitops-operators");
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    edge.close();
  }

  static String kubeconfig(String clusterExtra, String user) {
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"%s}}]
        users: [{name: u, user: %s}]
        contexts: [{name: ctx, context: {cluster: c, user: u}}]
        """
        .formatted(edge.url(), clusterExtra, user);
  }

  static Stream<Arguments> refused() {
    String touch =
        "{exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, \"touch "
            + marker
            + "\"], interactiveMode: Never}}";
    return Stream.of(
        Arguments.of("exec plugin", kubeconfig("", touch), "kubeconfig.users[0].user.exec"),
        Arguments.of(
            "auth-provider",
            kubeconfig("", "{auth-provider: {name: oidc, config: {cmd-path: /bin/sh}}}"),
            "kubeconfig.users[0].user.auth-provider"),
        Arguments.of(
            "tokenFile",
            kubeconfig("", "{tokenFile: " + secretFile + "}"),
            "kubeconfig.users[0].user.tokenFile"),
        Arguments.of(
            "token-file",
            kubeconfig("", "{token-file: " + secretFile + "}"),
            "kubeconfig.users[0].user.token-file"),
        Arguments.of(
            "client-key path",
            kubeconfig(
                "", "{client-certificate: " + secretFile + ", client-key: " + secretFile + "}"),
            "kubeconfig.users[0].user.client-certificate"),
        Arguments.of(
            "CA path",
            kubeconfig(", certificate-authority: " + secretFile, "{token: t}"),
            "kubeconfig.clusters[0].cluster.certificate-authority"),
        Arguments.of(
            "unknown user key",
            kubeconfig("", "{token: t, as: someone}"),
            "kubeconfig.users[0].user.as"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void aKubeconfigThatRunsOrReadsAnythingIsRefusedAndNothingIsStored(
      String what, String kubeconfig, String field) throws Exception {
    var answer =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/hostile",
            operator,
            new JsonObject().put("kubeconfig", kubeconfig).put("context", "ctx"));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(400);
    assertThat(answer.bodyAsJsonObject().getString("field")).isEqualTo(field);
    assertThat(answer.bodyAsString()).doesNotContain("a-token-of-the-gateway-host");
    assertThat(marker).as("the exec plugin never ran").doesNotExist();
    assertThat(gw.call(HttpMethod.GET, "/api/v1/admin/clusters", operator, null).bodyAsString())
        .doesNotContain("hostile");
    var stored =
        gw.gateway
            .pool()
            .query("SELECT count(*) AS n FROM clusters WHERE name = 'hostile'")
            .execute()
            .await(10, TimeUnit.SECONDS)
            .iterator()
            .next()
            .getLong("n");
    assertThat(stored).isZero();
  }

  @Test
  void aKubeconfigWithInlineCredentialsIsAccepted() throws Exception {
    var answer =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/admin/clusters/inline",
            operator,
            new JsonObject()
                .put("kubeconfig", kubeconfig(", insecure-skip-tls-verify: true", "{token: t}"))
                .put("context", "ctx"));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
    assertThat(
            gw.call(HttpMethod.DELETE, "/api/v1/admin/clusters/inline", operator, null)
                .statusCode())
        .isEqualTo(204);
  }

  /** Defence in depth: where clients are built from stored kubeconfigs, the same rule holds. */
  @Test
  void aStoredKubeconfigWithAnExecPluginIsNotConnectedAtStart() throws Exception {
    String touch =
        "{exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, \"touch "
            + marker
            + "\"]}}";
    ClusterStore store = new ClusterStore(gw.gateway.pool(), new CredentialCipher(KEY));
    store
        .put(new ClusterConfig.InlineKubeconfig("legacy", kubeconfig("", touch), "ctx"))
        .await(10, TimeUnit.SECONDS);
    gw = gw.restart(work);
    operator = gw.token("olga", "gitops-operators");
    assertThat(gw.call(HttpMethod.GET, "/api/v1/admin/clusters", operator, null).bodyAsString())
        .doesNotContain("legacy");
    assertThat(marker).as("the exec plugin never ran").doesNotExist();
    new ClusterStore(gw.gateway.pool(), new CredentialCipher(KEY))
        .delete("legacy")
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  void theCheckNamesTheFieldWithoutParsingAFileOrRunningAnything() {
    assertThatThrownBy(
            () ->
                InlineCredentials.check(
                    "users: [{name: u, user: {exec: {command: x}}}]", "kubeconfig"))
        .isInstanceOfSatisfying(
            InlineCredentials.Refused.class,
            e -> assertThat(e.field()).isEqualTo("kubeconfig.users[0].user.exec"));
    assertThatThrownBy(() -> InlineCredentials.check("[not, a, map]", "kubeconfig"))
        .isInstanceOfSatisfying(
            InlineCredentials.Refused.class, e -> assertThat(e.field()).isEqualTo("kubeconfig"));
  }
}
