package io.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code gitops-cli.jar} against a running gateway, process by process: what it prints,
 * what a script parses back, and the exit codes docs/cli.md promises.
 */
class CliCommandsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final YAMLMapper YAML = new YAMLMapper();

  @TempDir static Path work;
  static GatewayHarness gw;
  static TestRepo repo;
  static String server;
  static String firstRevision;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    gw = CliTestGateway.start(work);
    server = CliTestGateway.url(gw);
    repo = TestRepo.create(work.resolve("repo"));
    firstRevision = CliTestGateway.commitImage(repo, "web", "example/web:1");
    CliTestGateway.register(gw, repo.url(), "web", false);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  /** A user with no config file and no GITOPS_* variables. */
  CliRun user() {
    return new CliRun(home, Map.of());
  }

  /** alice (team-a admin) by the environment only, as a CI job would run it. */
  CliRun alice() {
    return user()
        .with(
            Map.of(
                "GITOPS_SERVER",
                server,
                "GITOPS_TOKEN",
                CliTestGateway.adminToken(gw),
                "GITOPS_TENANT",
                "team-a"));
  }

  @Test
  void loginWithThePasswordGrantStoresTheTokenReadableByTheUserOnly() throws Exception {
    CliRun cli = user();
    var login =
        cli.runWithInput(
                "alice",
                "login",
                server,
                "--issuer",
                gw.issuer.issuer(),
                "--username",
                "alice",
                "--password-stdin")
            .expect(0);
    assertThat(login.out()).contains("tenant team-a");

    Path config = cli.configFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    String token = YAML.readTree(config.toFile()).path("contexts").path(0).path("token").asText();
    assertThat(token).isNotBlank();

    var contexts = cli.run("context", "list", "-o", "json").expect(0);
    JsonNode listed = JSON.readTree(contexts.out());
    assertThat(listed.path(0).path("name").asText()).isEqualTo("localhost:" + gw.gateway.port());
    assertThat(listed.path(0).path("current").asBoolean()).isTrue();
    var table = cli.run("context", "list").expect(0);
    for (var r : List.of(login, contexts, table)) {
      assertThat(r.out() + r.err()).doesNotContain(token);
    }

    // The stored context is enough for the next command.
    var apps = cli.run("app", "list", "-o", "json").expect(0);
    assertThat(names(JSON.readTree(apps.out()))).contains("web");
  }

  @Test
  void aWrongPasswordIsAnAuthErrorAndStoresNothing() throws Exception {
    CliRun cli = user();
    var r =
        cli.runWithInput(
                "not-alice",
                "login",
                server,
                "--issuer",
                gw.issuer.issuer(),
                "--username",
                "alice",
                "--password-stdin")
            .expect(Exit.AUTH);
    assertThat(r.err().strip())
        .startsWith("error: ")
        .contains("invalid_grant")
        .doesNotContain("\n");
    assertThat(cli.configFile()).doesNotExist();
  }

  @Test
  void contextsAreSwitchedByNameAndForgotten() throws Exception {
    CliRun cli = user();
    String token = CliTestGateway.adminToken(gw);
    cli.runWithInput(token, "login", server, "--context", "one", "--token-stdin").expect(0);
    cli.runWithInput(token, "login", server, "--context", "two", "--token-stdin", "-t", "team-a")
        .expect(0);
    JsonNode listed = JSON.readTree(cli.run("context", "list", "-o", "json").expect(0).out());
    assertThat(names(listed)).containsExactly("one", "two");
    assertThat(find(listed, "name", "two").path("current").asBoolean()).isTrue();

    cli.run("context", "use", "one").expect(0);
    listed = JSON.readTree(cli.run("context", "list", "-o", "json").expect(0).out());
    assertThat(find(listed, "name", "one").path("current").asBoolean()).isTrue();
    cli.run("app", "get", "web", "--context", "two").expect(0);

    cli.run("context", "delete", "two").expect(0);
    cli.run("context", "use", "two").expect(Exit.NOT_FOUND);
    cli.run("app", "list", "--context", "two").expect(Exit.NOT_FOUND);
    assertThat(CliRun.read(cli.configFile())).doesNotContain("name: two");
    var wrongTenant =
        cli.runWithInput(token, "login", server, "--token-stdin", "-t", "team-z")
            .expect(Exit.NOT_FOUND);
    assertThat(wrongTenant.err()).contains("tenant team-z is not among yours (team-a)");
  }

  @Test
  void apiTokensAreCreatedListedUsedAndRevoked() throws Exception {
    CliRun admin = alice();
    var created =
        admin.run("token", "create", "ci-deploy", "--role", "deployer", "-o", "json").expect(0);
    JsonNode issued = JSON.readTree(created.out());
    String secret = issued.path("token").asText();
    String id = issued.path("id").asText();
    assertThat(secret).startsWith("gwt_");

    // CI logs in with the token from standard input, in its own home.
    CliRun ci = new CliRun(Files.createDirectories(home.resolve("ci")), Map.of());
    ci.runWithInput(secret, "login", server, "--context", "ci", "--token-stdin").expect(0);
    var got = ci.run("app", "get", "web", "-o", "json").expect(0);
    assertThat(JSON.readTree(got.out()).path("name").asText()).isEqualTo("web");

    var listed = admin.run("token", "list", "-o", "json").expect(0);
    JsonNode mine = find(JSON.readTree(listed.out()), "id", id);
    assertThat(mine.path("name").asText()).isEqualTo("ci-deploy");
    assertThat(mine.path("role").asText()).isEqualTo("deployer");
    assertThat(listed.out()).doesNotContain(secret);

    admin.run("token", "revoke", id).expect(0);
    var refused = ci.run("app", "list").expect(Exit.AUTH);
    assertThat(refused.err().strip()).startsWith("error: 401").doesNotContain("\n");
    var revoked = JSON.readTree(admin.run("token", "list", "-o", "json").expect(0).out());
    assertThat(find(revoked, "id", id).path("revokedAt").asText()).isNotBlank();
  }

  @Test
  void listAndGetPrintJsonAndYamlThatParseBack() throws Exception {
    CliRun cli = alice();
    JsonNode list = JSON.readTree(cli.run("app", "list", "-o", "json").expect(0).out());
    assertThat(names(list)).contains("web");
    assertThat(names(list)).isSorted(); // the API's name order, across pages
    assertThat(
            find(list, "name", "web").path("spec").path("destination").path("namespace").asText())
        .isEqualTo("team-a-web");

    JsonNode app = JSON.readTree(cli.run("app", "get", "web", "-o", "json").expect(0).out());
    assertThat(app.path("spec").path("source").path("repoURL").asText()).isEqualTo(repo.url());
    JsonNode yaml =
        YAML.readTree(cli.run("app", "get", "team-a/web", "-o", "yaml").expect(0).out());
    assertThat(yaml.path("spec")).isEqualTo(app.path("spec"));

    var table = cli.run("app", "list").expect(0);
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("HEALTH");
    assertThat(table.out()).contains("web").contains("dev").contains("team-a-web");
  }

  @Test
  void aMissingAppIsExitCode4WithTheProblemOnOneLine() throws Exception {
    var r = alice().run("app", "get", "nope").expect(Exit.NOT_FOUND);
    assertThat(r.err().strip()).startsWith("error: 404 Not Found").contains("nope");
    assertThat(r.err().strip()).doesNotContain("\n");
    assertThat(r.out()).isEmpty();
    // Another tenant's app: as missing as a missing one.
    alice().run("app", "get", "team-b/web").expect(Exit.NOT_FOUND);
    alice().run("app", "wait", "nope", "--timeout", "5s").expect(Exit.NOT_FOUND);
  }

  @Test
  void aBadTokenIsExitCode3() throws Exception {
    CliRun cli = alice().with(Map.of("GITOPS_TOKEN", "gwt_" + "0".repeat(40)));
    var list = cli.run("app", "list").expect(Exit.AUTH);
    assertThat(list.err().strip()).startsWith("error: 401 Unauthorized").doesNotContain("\n");
    cli.run("app", "wait", "web", "--timeout", "5s").expect(Exit.AUTH);
    var login = user().runWithInput("gwt_" + "1".repeat(40), "login", server, "--token-stdin");
    login.expect(Exit.AUTH);
    assertThat(user().configFile()).doesNotExist();
  }

  @Test
  void syncThenWaitForTheRevisionFollowsTheFeed() throws Exception {
    String sha = CliTestGateway.commitImage(repo, "web", "example/web:2");
    CliRun cli = alice();
    Process waiting =
        cli.start(null, "app", "wait", "web", "--revision", sha, "--timeout", "120s", "-o", "json");

    var sync = cli.run("app", "sync", "web").expect(0);
    assertThat(sync.out()).contains("Succeeded").contains(sha.substring(0, 12));

    var waited = CliRun.finish(waiting).expect(0);
    JsonNode state = JSON.readTree(waited.out());
    assertThat(state.path("revision").asText()).isEqualTo(sha);
    assertThat(state.path("health").asText()).isEqualTo("Healthy");
    assertThat(state.path("sync").asText()).isEqualTo("Synced");

    JsonNode history =
        JSON.readTree(cli.run("app", "history", "web", "-o", "json").expect(0).out());
    assertThat(history.path(0).path("revision").asText()).isEqualTo(sha);
    assertThat(history.path(0).path("phase").asText()).isEqualTo("Succeeded");
    assertThat(cli.run("app", "history", "web").expect(0).out())
        .startsWith("ID")
        .contains("Succeeded");
  }

  @Test
  void diffShowsDriftFromGitAndRollbackReturnsToAnEarlierSync() throws Exception {
    CliRun cli = alice();
    String good = CliTestGateway.commitImage(repo, "web", "example/web:3");
    cli.run("app", "sync", "web").expect(0);
    String next = CliTestGateway.commitImage(repo, "web", "example/web:4");
    cli.run("app", "refresh", "web").expect(0);

    var drift = cli.run("app", "diff", "web").expect(Exit.FAILED);
    assertThat(drift.out())
        .contains("=== Deployment team-a-web/web (MODIFIED)")
        .contains("example/web:4");
    JsonNode items = JSON.readTree(cli.run("app", "diff", "web", "-o", "json").expect(1).out());
    assertThat(find(items.path("items"), "name", "web").path("verdict").asText())
        .isEqualTo("MODIFIED");

    cli.run("app", "sync", "web").expect(0);
    cli.run("app", "diff", "web").expect(0);

    var back = cli.run("app", "rollback", "web", good.substring(0, 10)).expect(0);
    assertThat(back.out()).contains("Succeeded").contains(good.substring(0, 12));
    JsonNode latest =
        JSON.readTree(cli.run("app", "history", "web", "--limit", "1", "-o", "json").out());
    assertThat(latest.path(0).path("revision").asText()).isEqualTo(good);
    assertThat(next).isNotEqualTo(good);
    var unknown = cli.run("app", "rollback", "web", "feedfacefeedface").expect(Exit.USAGE);
    assertThat(unknown.err().strip())
        .startsWith("error: 400 Bad Request: no successful sync")
        .endsWith("(field revision)");
  }

  @Test
  void watchStreamsTheStateThenEachChangeAsJsonLines() throws Exception {
    CliRun cli = alice();
    Process watch = cli.start(null, "app", "watch", "web", "-o", "json", "--timeout", "120s");
    try (var lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                watch.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      JsonNode first = JSON.readTree(lines.readLine());
      assertThat(first.path("type").asText()).isEqualTo("app");
      assertThat(first.path("app").asText()).isEqualTo("web");

      String sha = CliTestGateway.commitImage(repo, "web", "example/web:5");
      cli.run("app", "sync", "web").expect(0);
      JsonNode change;
      do {
        String line = lines.readLine();
        assertThat(line).as("the watch ended before the change to %s", sha).isNotNull();
        change = JSON.readTree(line);
      } while (!(sha.equals(change.path("revision").asText())
          && "Synced".equals(change.path("sync").asText())));
      assertThat(change.path("type").asText()).isEqualTo("change");
      assertThat(change.path("tenant").asText()).isEqualTo("team-a");
    } finally {
      watch.destroy();
    }
  }

  @Test
  void aSyncThatFailsIsExitCode1AndAWaitForItsRevisionFailsFast() throws Exception {
    String sha =
        repo.commit(
            "a release that never gets ready, then a wave after it",
            Map.of(
                "apps/broken/deployment.yaml",
                CliTestGateway.deployment("broken", "example/api:bad"),
                "apps/broken/after.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: after
                  annotations: {gitops.io/sync-wave: "1"}
                data: {step: two}
                """));
    CliTestGateway.register(gw, repo.url(), "broken", false);
    CliRun cli = alice();

    var sync = cli.run("app", "sync", "broken").expect(Exit.FAILED);
    assertThat(sync.err().strip())
        .startsWith("error: team-a/broken: the sync Failed")
        .contains("Degraded")
        .doesNotContain("\n");

    var waited =
        cli.run("app", "wait", "broken", "--revision", sha, "--timeout", "120s")
            .expect(Exit.FAILED);
    assertThat(waited.err().strip())
        .startsWith("error: team-a/broken: the sync of " + sha + " failed")
        .doesNotContain("\n");
  }

  @Test
  void waitingForARevisionThatNeverComesTimesOutWithExitCode5() throws Exception {
    var r =
        alice()
            .run("app", "wait", "web", "--revision", "0123456789abcdef", "--timeout", "2s")
            .expect(Exit.TIMEOUT);
    assertThat(r.err().strip())
        .startsWith("error: timed out after 2s waiting for team-a/web (revision 0123456789abcdef")
        .contains("last seen: ")
        .doesNotContain("\n");
  }

  @Test
  void usageErrorsAreExitCode2() throws Exception {
    alice().run("app", "wait", "web", "--revision", "not-a-sha").expect(Exit.USAGE);
    alice().run("app", "list", "-o", "xml").expect(Exit.USAGE);
    alice().run("app", "wait", "web", "--timeout", "soon").expect(Exit.USAGE);
    alice().run("app", "frobnicate").expect(Exit.USAGE);
    var noServer = user().run("app", "list").expect(Exit.USAGE);
    assertThat(noServer.err()).contains("no gateway");
    user().with(Map.of("GITOPS_SERVER", server)).run("app", "list").expect(Exit.AUTH);
    Files.createDirectories(user().configFile().getParent());
    Files.writeString(user().configFile(), "contexts: [ {name: x, colour: blue} ]\n");
    var badConfig = user().run("app", "list").expect(Exit.USAGE);
    assertThat(badConfig.err().strip()).startsWith("error: config file").doesNotContain("\n");
  }

  @Test
  void clusterListShowsTheClustersTheTenantMayUse() throws Exception {
    JsonNode clusters = JSON.readTree(alice().run("cluster", "list", "-o", "json").expect(0).out());
    assertThat(names(clusters)).containsExactly("dev");
  }

  @Test
  void anUnreachableGatewayIsExitCode6() throws Exception {
    var r =
        alice()
            .with(Map.of("GITOPS_SERVER", "http://127.0.0.1:1"))
            .run("app", "list")
            .expect(Exit.UNREACHABLE);
    assertThat(r.err().strip()).isEqualTo("error: cannot reach http://127.0.0.1:1");
  }

  @Test
  void completionScriptCoversTheCommands() throws Exception {
    var r = user().run("generate-completion").expect(0);
    assertThat(r.out()).contains("complete -F").contains("wait").contains("history");
  }

  static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.path("name").asText()));
    return names;
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.path(field).asText())) {
        return n;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + array);
  }
}
