package io.gitops.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.codec.AppJson;
import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppSpec;
import io.gitops.gateway.model.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tenant files: the schema with file/field/reason errors, and what a reload changes. */
class TenantFilesTest {
  static final String FULL =
      """
      name: team-a
      displayName: Team A
      roles: {team-a-admins: admin, team-a-viewers: viewer}
      sourceRepos: ["https://git.example.com/team-a/*"]
      destinations: [{cluster: "*", namespace: "team-a-*"}]
      kinds: {allow: [Namespace], deny: [Secret, "batch/*"]}
      quotas: {maxApps: 3, maxClusters: 1}
      syncWindows:
        - {kind: deny, schedule: "0 22 * * *", duration: 8h, clusters: [prod], manualSync: true}
      """;

  @TempDir Path dir;

  @Test
  void aFullTenantFileIsReadWithEveryField() throws Exception {
    Files.writeString(dir.resolve("team-a.yaml"), FULL);
    Tenant t = TenantFiles.load(dir).get(new TenantId("team-a"));
    assertThat(t.groupRoles()).containsEntry("team-a-admins", Role.ADMIN);
    assertThat(t.quotas()).isEqualTo(new Tenant.Quotas(3, 1));
    assertThat(t.syncWindows())
        .containsExactly(
            new SyncWindow(
                SyncWindow.Kind.DENY, "0 22 * * *", Duration.ofHours(8), List.of("prod"), true));
    assertThat(t.syncWindows().get(0).appliesTo("prod")).isTrue();
    assertThat(t.syncWindows().get(0).appliesTo("dev")).isFalse();
    assertThat(TenantSchema.read(TenantSchema.write(t))).isEqualTo(t);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown top field      | 'color: red'                                  | color: unknown field",
        "bad role               | 'roles: {g: boss}'                            | roles.g: unknown role 'boss'",
        "destination needs both | 'destinations: [{cluster: dev}]'              | destinations[0]: needs cluster and namespace",
        "destination extra key  | 'destinations: [{cluster: dev, namespace: a, x: 1}]' | destinations[0].x: unknown field",
        "kinds not a map        | 'kinds: [Secret]'                             | kinds: must be a map",
        "kinds unknown key      | 'kinds: {permit: [Secret]}'                   | kinds.permit: unknown field",
        "quota negative         | 'quotas: {maxApps: -1}'                       | quotas.maxApps: must be a whole number",
        "quota text             | 'quotas: {maxClusters: many}'                 | quotas.maxClusters: must be a whole number",
        "window kind            | 'syncWindows: [{kind: maybe, schedule: \"* * * * *\", duration: 1h}]' | syncWindows[0].kind: must be allow or deny",
        "window schedule        | 'syncWindows: [{kind: allow, schedule: \"* *\", duration: 1h}]'      | syncWindows[0].schedule: must be a cron expression",
        "window cron field      | 'syncWindows: [{kind: allow, schedule: \"61 * * * *\", duration: 1h}]'  | syncWindows[0].schedule: minute '61' is not a number from 0 to 59",
        "window duration        | 'syncWindows: [{kind: allow, schedule: \"* * * * *\", duration: soon}]' | syncWindows[0].duration: must be a duration",
        "source repos not list  | 'sourceRepos: x'                              | sourceRepos: must be a list of strings",
      })
  void anInvalidFileStopsTheLoadNamingFileFieldAndReason(
      String caseName, String line, String expected) throws Exception {
    Files.writeString(dir.resolve("team-a.yaml"), "name: team-a\n" + line + "\n");
    assertThatThrownBy(() -> TenantFiles.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("team-a.yaml").toString())
        .hasMessageContaining(expected);
  }

  @Test
  void theNameMustMatchTheFileAndYamlErrorsNameTheLine() throws Exception {
    Files.writeString(dir.resolve("team-a.yaml"), "name: team-b\n");
    assertThatThrownBy(() -> TenantFiles.load(dir))
        .hasMessageContaining("team-a.yaml: name: must match the file name");
    Files.writeString(dir.resolve("team-a.yaml"), "name: team-a\nroles: {a: [\n");
    assertThatThrownBy(() -> TenantFiles.load(dir)).hasMessageContaining("invalid YAML at line");
  }

  @Test
  void kindRulesDenyClusterScopedKindsUnlessAllowedAndDenyWins() {
    KindRules defaults = KindRules.DEFAULT;
    assertThat(defaults.denies("", "Namespace")).isTrue();
    assertThat(defaults.denies("rbac.authorization.k8s.io", "ClusterRole")).isTrue();
    assertThat(defaults.denies("apiextensions.k8s.io", "CustomResourceDefinition")).isTrue();
    assertThat(defaults.denies("apps", "Deployment")).isFalse();
    KindRules rules =
        new KindRules(
            List.of("Namespace", "rbac.authorization.k8s.io/*"),
            List.of("/Secret", "batch/*", "ClusterRoleBinding"));
    assertThat(rules.denies("", "Namespace")).isFalse();
    assertThat(rules.denies("rbac.authorization.k8s.io", "ClusterRole")).isFalse();
    assertThat(rules.denies("rbac.authorization.k8s.io", "ClusterRoleBinding")).isTrue();
    assertThat(rules.denies("", "Secret")).isTrue();
    assertThat(rules.denies("batch", "CronJob")).isTrue();
    assertThat(rules.denies("", "ConfigMap")).isFalse();
  }

  @Test
  void reloadTakesValidChangesRejectsInvalidOnesOnceAndRemovesDeletedFiles() throws Exception {
    Files.writeString(dir.resolve("team-a.yaml"), FULL);
    Files.writeString(dir.resolve("team-b.yaml"), "name: team-b\n");
    TenantReload.State state = TenantReload.initial(TenantFiles.scan(dir));
    assertThat(TenantReload.apply(state, TenantFiles.scan(dir)).changes()).isEmpty();

    Files.writeString(dir.resolve("team-a.yaml"), FULL.replace("maxApps: 3", "maxApps: -3"));
    Files.writeString(dir.resolve("team-b.yaml"), "name: team-b\ndisplayName: B\n");
    Files.writeString(dir.resolve("team-c.yaml"), "name: team-c\n");
    TenantReload.Result r = TenantReload.apply(state, TenantFiles.scan(dir));
    assertThat(r.changes())
        .extracting(TenantReload.Change::tenant, TenantReload.Change::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("team-a", TenantReload.Kind.REJECTED),
            org.assertj.core.groups.Tuple.tuple("team-b", TenantReload.Kind.CHANGED),
            org.assertj.core.groups.Tuple.tuple("team-c", TenantReload.Kind.ADDED));
    assertThat(r.changes().get(0).reason()).contains("quotas.maxApps");
    assertThat(r.state().tenants().get(new TenantId("team-a")).quotas().maxApps()).isEqualTo(3);
    assertThat(r.state().tenants().get(new TenantId("team-b")).displayName()).isEqualTo("B");
    assertThat(TenantReload.apply(r.state(), TenantFiles.scan(dir)).changes())
        .as("reported once")
        .isEmpty();

    Files.delete(dir.resolve("team-c.yaml"));
    TenantReload.Result removed = TenantReload.apply(r.state(), TenantFiles.scan(dir));
    assertThat(removed.changes())
        .extracting(TenantReload.Change::kind)
        .containsExactly(TenantReload.Kind.REMOVED);
    assertThat(removed.state().tenants()).doesNotContainKey(new TenantId("team-c"));
  }

  @Test
  void destinationPolicyNamesEveryObjectOutsideTheTenantsRules() {
    Tenant t =
        TenantSchema.read(
            Map.of(
                "name",
                "team-a",
                "destinations",
                List.of(Map.of("cluster", "dev", "namespace", "team-a-*"))));
    List<Map<String, Object>> objects =
        List.of(
            object("v1", "ConfigMap", "team-a-web", "ok"),
            object("v1", "ConfigMap", "team-b-web", "foreign"),
            object("v1", "Namespace", null, "ns"),
            object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "admin"));
    assertThat(DestinationPolicy.check(t, "dev", objects))
        .containsExactly(
            "ConfigMap/team-b-web/foreign: namespace team-b-web on cluster dev is outside tenant team-a's destinations",
            "Namespace/ns: kind Namespace is denied for tenant team-a",
            "ClusterRole.rbac.authorization.k8s.io/admin: kind rbac.authorization.k8s.io/ClusterRole is denied for tenant team-a");
    assertThat(DestinationPolicy.check(t, "prod", objects.subList(0, 1))).hasSize(1);
  }

  @Test
  void quotasCountAppsAndClustersIncludingTheOneBeingRegistered() {
    var a = spec("a", "dev");
    var b = spec("b", "prod");
    assertThat(new Tenant.Quotas(2, null).exceededBy(List.of(a), b)).isEmpty();
    assertThat(new Tenant.Quotas(1, null).exceededBy(List.of(a), b))
        .get()
        .asString()
        .contains("at most 1 apps");
    assertThat(new Tenant.Quotas(1, null).exceededBy(List.of(a), spec("a", "dev")))
        .as("an update")
        .isEmpty();
    assertThat(new Tenant.Quotas(null, 1).exceededBy(List.of(a), b))
        .get()
        .asString()
        .contains("at most 1 clusters");
  }

  @Test
  void syncWindowsOpenForTheirDurationAfterTheScheduleFiresAndDecideWhetherASyncMayRun() {
    SyncWindow nightlyDeny =
        new SyncWindow(
            SyncWindow.Kind.DENY, "0 22 * * *", Duration.ofHours(8), List.of("prod"), true);
    java.time.Instant night = java.time.Instant.parse("2026-03-10T23:30:00Z");
    java.time.Instant day = java.time.Instant.parse("2026-03-10T12:00:00Z");
    assertThat(nightlyDeny.isOpenAt(night)).isTrue();
    assertThat(nightlyDeny.isOpenAt(java.time.Instant.parse("2026-03-11T05:59:00Z"))).isTrue();
    assertThat(nightlyDeny.isOpenAt(java.time.Instant.parse("2026-03-11T06:00:00Z"))).isFalse();
    assertThat(SyncWindow.syncAllowed(List.of(nightlyDeny), "prod", night, false)).isFalse();
    assertThat(SyncWindow.syncAllowed(List.of(nightlyDeny), "prod", night, true))
        .as("manual sync allowed")
        .isTrue();
    assertThat(SyncWindow.syncAllowed(List.of(nightlyDeny), "dev", night, false))
        .as("other cluster")
        .isTrue();
    assertThat(SyncWindow.syncAllowed(List.of(nightlyDeny), "prod", day, false)).isTrue();

    SyncWindow weekdays =
        new SyncWindow(SyncWindow.Kind.ALLOW, "0 9 * * 1-5", Duration.ofHours(8), List.of(), false);
    assertThat(SyncWindow.syncAllowed(List.of(weekdays), "dev", day, false))
        .as("Tuesday noon")
        .isTrue();
    assertThat(
            SyncWindow.syncAllowed(
                List.of(weekdays), "dev", java.time.Instant.parse("2026-03-14T12:00:00Z"), false))
        .as("Saturday")
        .isFalse();
    assertThat(
            CronSchedule.parse("*/15 0-6 1,15 * 0")
                .matches(java.time.ZonedDateTime.parse("2026-03-15T06:45:00Z")))
        .as("Sunday the 15th")
        .isTrue();
  }

  static AppSpec spec(String name, String cluster) {
    return AppJson.specFrom(
        AppId.of("team-a", name),
        new io.vertx.core.json.JsonObject()
            .put(
                "source",
                new io.vertx.core.json.JsonObject().put("repoURL", "file:///r").put("path", "."))
            .put(
                "destination",
                new io.vertx.core.json.JsonObject()
                    .put("cluster", cluster)
                    .put("namespace", "team-a-x")));
  }

  static Map<String, Object> object(String apiVersion, String kind, String namespace, String name) {
    Map<String, Object> metadata = new java.util.HashMap<>();
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    return Map.of("apiVersion", apiVersion, "kind", kind, "metadata", metadata);
  }
}
