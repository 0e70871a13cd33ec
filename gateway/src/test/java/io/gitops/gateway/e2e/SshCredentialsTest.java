package io.gitops.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.store.CredentialCipher;
import io.gitops.gateway.support.AppSpecs;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.GitSshServer;
import io.gitops.gateway.support.LogCapture;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app on a private repository served over SSH (a real Apache MINA sshd): a tenant admin stores
 * an encrypted OpenSSH key with its passphrase and the server's known_hosts line, and the app
 * syncs; a key the server does not know puts a clear reason in the app's status. The key and its
 * passphrase are never returned by the API and never logged (every log record of the run captured,
 * sshd and JGit at their finest level).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshCredentialsTest {
  static final String PASSPHRASE = "s3cret passphrase for the deploy key";
  static final String TENANT =
      """
      name: sshy
      roles: {sshy-admins: admin}
      sourceRepos: ["ssh://git@127.0.0.1:*/**"]
      destinations: [{cluster: dev, namespace: "sshy-*"}]
      """;
  static LogCapture logs;

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static GitSshServer server;
  static String commit;
  static String key;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    logs = LogCapture.start("org.apache.sshd", "org.eclipse.jgit");
    gw =
        GatewayHarness.start(
            work,
            Map.of("sshy", TENANT),
            List.of("dev"),
            Map.of("credentials", Map.of("key", CredentialCipher.newKey())));
    repo = TestRepo.create(work.resolve("private"));
    commit =
        repo.commit(
            "one",
            Map.of(
                "app/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: b}\n"));
    KeyPair pair = GitSshServer.newKeyPair();
    key = GitSshServer.openSshPrivateKey(pair, PASSPHRASE);
    server = GitSshServer.serve(work.resolve("private"), "git", pair.getPublic());
    admin = gw.token("ann", "sshy-admins");
  }

  @AfterAll
  static void stop() throws Exception {
    if (logs != null) {
      logs.close();
    }
    if (gw != null) {
      gw.close();
    }
    if (server != null) {
      server.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  static JsonObject sshCredential(String privateKey) {
    return new JsonObject()
        .put("url", server.url("git"))
        .put("sshPrivateKey", privateKey)
        .put("sshPassphrase", PASSPHRASE)
        .put("sshKnownHosts", server.knownHostsLine());
  }

  static String revisionAndMessage() {
    var status = gw.gateway.loop().app(AppId.of("sshy", "web")).orElseThrow().status();
    return status.revision() + " " + status.message();
  }

  @Test
  @Order(1)
  void unreadableKeysAndMixedFieldsAreRefusedNamingTheField() throws Exception {
    var wrongPassphrase =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/sshy/repository-credentials",
            admin,
            sshCredential(key).put("sshPassphrase", "nope"));
    assertThat(wrongPassphrase.statusCode()).isEqualTo(400);
    assertThat(wrongPassphrase.bodyAsJsonObject().getString("field")).isEqualTo("sshPrivateKey");
    assertThat(wrongPassphrase.bodyAsString()).doesNotContain(secretLines().get(0));

    var badHosts =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/sshy/repository-credentials",
            admin,
            sshCredential(key).put("sshKnownHosts", "garbage"));
    assertThat(badHosts.statusCode()).isEqualTo(400);
    assertThat(badHosts.bodyAsJsonObject().getString("field")).isEqualTo("sshKnownHosts");

    var mixed =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/sshy/repository-credentials",
            admin,
            new JsonObject()
                .put("url", server.url("git"))
                .put("username", "bot")
                .put("password", "x")
                .put("insecureIgnoreHostKey", true));
    assertThat(mixed.statusCode()).isEqualTo(400);
    assertThat(mixed.bodyAsJsonObject().getString("field")).isEqualTo("insecureIgnoreHostKey");
  }

  @Test
  @Order(2)
  void aStoredKeyLetsTheAppSyncAndIsNeverReturned() throws Exception {
    var stored =
        gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/sshy/repository-credentials",
            admin,
            sshCredential(key));
    assertThat(stored.statusCode()).isEqualTo(201);
    JsonObject spec = AppSpecs.onMain(server.url("git"), "app", "dev", "sshy-web");
    assertThat(gw.call(HttpMethod.PUT, "/api/v1/tenants/sshy/apps/web", admin, spec).statusCode())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(revisionAndMessage()).startsWith(commit + " "));

    var listed =
        gw.call(HttpMethod.GET, "/api/v1/tenants/sshy/repository-credentials", admin, null);
    assertThat(listed.bodyAsString()).contains("\"kind\":\"ssh\"", "\"username\":\"git\"");
    for (var body :
        List.of(
            stored.bodyAsString(),
            listed.bodyAsString(),
            gw.call(HttpMethod.GET, "/api/v1/tenants/sshy/apps/web", admin, null).bodyAsString())) {
      assertThat(body).doesNotContain(PASSPHRASE);
      secretLines().forEach(line -> assertThat(body).doesNotContain(line));
    }
  }

  @Test
  @Order(3)
  void aKeyTheServerDoesNotKnowPutsAClearReasonInTheStatus() throws Exception {
    String stranger = GitSshServer.openSshPrivateKey(GitSshServer.newKeyPair(), PASSPHRASE);
    assertThat(
            gw.call(
                    HttpMethod.PUT,
                    "/api/v1/tenants/sshy/repository-credentials",
                    admin,
                    sshCredential(stranger))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gw.call(HttpMethod.POST, "/api/v1/tenants/sshy/apps/web/refresh", admin, null)
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(revisionAndMessage())
                    .startsWith(commit + " ")
                    .contains(
                        "cannot fetch",
                        "rejected the stored SSH key (user git)",
                        "keeping the last good revision"));
  }

  @Test
  @Order(4)
  void noLogRecordOfTheWholeRunHoldsTheKeyOrItsPassphrase() {
    List<String> secrets = secretLines();
    secrets.add(PASSPHRASE);
    logs.assertNoneContains(secrets);
  }

  /** The base64 lines of the stored key: any one of them in a log or a response would be a leak. */
  static List<String> secretLines() {
    return new ArrayList<>(key.lines().filter(l -> !l.startsWith("-----")).toList());
  }
}
