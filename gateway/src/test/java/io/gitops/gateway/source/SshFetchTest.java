package io.gitops.gateway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.support.GitSshServer;
import io.gitops.gateway.support.LogCapture;
import io.gitops.gateway.support.TestRepo;
import io.gitops.gateway.support.TestSources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching over SSH from a real SSH server (Apache MINA sshd) with a key stored as a repository
 * credential: the right key fetches, a wrong key or an unknown host key fails with a reason a
 * person can act on, a tenant without a key never rides on another tenant's, and the key and its
 * passphrase never reach a log line, even at the finest level of JGit's and sshd's loggers.
 */
class SshFetchTest {
  static final String PASSPHRASE = "correct horse battery staple 42";
  static final TenantId TEAM_A = new TenantId("team-a");
  static final TenantId TEAM_B = new TenantId("team-b");

  @TempDir static Path served;
  @TempDir Path work;
  static TestRepo repo;
  static String commit;
  static KeyPair good;
  static String goodKey;
  static GitSshServer server;
  static String url;

  Vertx vertx;
  GitSources git;
  final Map<TenantId, RepoCredential> stored = new ConcurrentHashMap<>();
  LogCapture logs;

  @BeforeAll
  static void serve() throws Exception {
    repo = TestRepo.create(served.resolve("repo"));
    commit = repo.commit("one", Map.of("app/cm.yaml", "kind: ConfigMap\n"));
    good = GitSshServer.newKeyPair();
    goodKey = GitSshServer.openSshPrivateKey(good, PASSPHRASE);
    server = GitSshServer.serve(served.resolve("repo"), "git", good.getPublic());
    url = server.url("git");
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    repo.close();
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    CredentialLookup lookup =
        (tenant, u) -> Future.succeededFuture(Optional.ofNullable(stored.get(tenant)));
    git =
        new GitSources(
            vertx.createSharedWorkerExecutor("ssh-test", 2),
            work.resolve("mirrors"),
            TestSources.options(work).withCredentials(lookup));
    logs = LogCapture.start("org.apache.sshd", "org.eclipse.jgit", "io.gitops");
  }

  @AfterEach
  void stop() throws Exception {
    logs.close();
    git.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static RepoCredential.SshKey key(String privateKey, String knownHosts, boolean insecure) {
    return new RepoCredential.SshKey("git", privateKey, PASSPHRASE, knownHosts, insecure);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  @Test
  void theStoredKeyFetchesAndNeverReachesTheLogs() throws Exception {
    stored.put(TEAM_A, key(goodKey, server.knownHostsLine(), false));
    TenantRepo a = new TenantRepo(TEAM_A, url);

    assertThat(await(git.snapshot(a, "main")).revision().commit()).isEqualTo(commit);
    String second = repo.commit("two", Map.of("app/cm.yaml", "kind: ConfigMap\ndata: {}\n"));
    await(git.fetch(a));
    assertThat(await(git.snapshot(a, "main")).revision().commit()).isEqualTo(second);
    assertThat(git.problem(a, "main")).isEmpty();

    assertNoSecretIn(logs);
  }

  @Test
  void aWrongKeyFailsWithAReasonAndTheLastGoodRevisionStays() throws Exception {
    String wrong = GitSshServer.openSshPrivateKey(GitSshServer.newKeyPair(), PASSPHRASE);
    stored.put(TEAM_A, key(wrong, server.knownHostsLine(), false));
    TenantRepo a = new TenantRepo(TEAM_A, url);

    assertThatThrownBy(() -> await(git.fetch(a)))
        .hasMessageContaining("rejected the stored SSH key");
    assertThat(git.problem(a, "main"))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains(
                        "cannot fetch",
                        "authentication failed",
                        "rejected the stored SSH key (user git)"));
    assertNoSecretIn(logs);
    logs.assertNoneContains(wrong.lines().filter(l -> !l.startsWith("-----")).toList());
  }

  @Test
  void anUnknownHostIsRefusedUnlessTheCredentialSaysToIgnoreHostKeys() throws Exception {
    TenantRepo a = new TenantRepo(TEAM_A, url);
    stored.put(TEAM_A, key(goodKey, null, false));
    assertThatThrownBy(() -> await(git.fetch(a))).hasMessageContaining("host key is not trusted");

    String otherHost =
        "[127.0.0.1]:"
            + url.replaceAll(".*:(\\d+)/.*", "$1")
            + " "
            + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                GitSshServer.newKeyPair().getPublic());
    stored.put(TEAM_A, key(goodKey, otherHost, false));
    assertThatThrownBy(() -> await(git.fetch(a)))
        .as("a changed host key")
        .hasMessageContaining("host key is not trusted");

    stored.put(TEAM_A, key(goodKey, null, true));
    assertThat(await(git.snapshot(a, "main")).revision().commit()).isNotNull();
  }

  @Test
  void aTenantWithoutAKeyNeverUsesAnotherTenantsMirrorOrKey() throws Exception {
    stored.put(TEAM_A, key(goodKey, server.knownHostsLine(), false));
    assertThat(await(git.snapshot(new TenantRepo(TEAM_A, url), "main")).revision().commit())
        .isNotNull();

    TenantRepo b = new TenantRepo(TEAM_B, url);
    assertThatThrownBy(() -> await(git.snapshot(b, "main")))
        .hasMessageContaining("no SSH key stored");
    assertThat(git.problem(b, "main"))
        .hasValueSatisfying(p -> assertThat(p).contains("no SSH key stored"));
    assertThat(git.problem(new TenantRepo(TEAM_A, url), "main")).isEmpty();
    assertThat(git.sameMirror(b, new TenantRepo(TEAM_A, url))).isFalse();
  }

  @Test
  void unreadableKeysAndKnownHostsAreRefusedBeforeTheyAreStored() throws Exception {
    assertThat(SshKeys.problem(key(goodKey, server.knownHostsLine(), false))).isNull();
    assertThat(SshKeys.problem(new RepoCredential.SshKey("git", goodKey, "wrong", null, false)))
        .contains("cannot be read")
        .doesNotContain(goodKey.lines().skip(1).findFirst().orElseThrow());
    assertThat(SshKeys.problem(new RepoCredential.SshKey("git", goodKey, null, null, false)))
        .contains("passphrase");
    assertThat(SshKeys.problem(key(goodKey, "not a known_hosts line", false)))
        .startsWith("sshKnownHosts");
  }

  static void assertNoSecretIn(LogCapture logs) {
    List<String> secrets =
        new java.util.ArrayList<>(goodKey.lines().filter(l -> !l.startsWith("-----")).toList());
    secrets.add(PASSPHRASE);
    logs.assertNoneContains(secrets);
  }
}
