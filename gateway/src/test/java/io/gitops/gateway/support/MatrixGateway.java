package io.gitops.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The world of the GraphQL and feed access matrices: a gateway trusting a {@link TestIssuer} (so
 * tests can forge), the tenants of {@link MatrixTenants}, team-a's app "alpha" and team-b's
 * "bravo-secret" from one Git repository, and the {@link MatrixCallers} with their API tokens.
 */
public final class MatrixGateway implements AutoCloseable {
  private static final String CONFIG =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\n";
  private final Vertx issuerVertx;
  public final TestIssuer issuer;
  public final GatewayHarness gw;
  public final TestRepo repo;
  public final MatrixCallers callers;

  /** The commit both apps were synced to at the start: what a rollback goes back to. */
  public final String synced;

  private MatrixGateway(
      Vertx issuerVertx,
      TestIssuer issuer,
      GatewayHarness gw,
      TestRepo repo,
      MatrixCallers callers,
      String synced) {
    this.synced = synced;
    this.issuerVertx = issuerVertx;
    this.issuer = issuer;
    this.gw = gw;
    this.repo = repo;
    this.callers = callers;
  }

  public static MatrixGateway start(Path work) throws Exception {
    Vertx issuerVertx = Vertx.vertx();
    TestIssuer issuer = TestIssuer.start(issuerVertx);
    GatewayHarness gw =
        GatewayHarness.start(
            work,
            Map.of("team-a", MatrixTenants.TEAM_A, "team-b", MatrixTenants.TEAM_B),
            List.of("dev"),
            issuer.url());
    TestRepo repo = TestRepo.create(work.resolve("repo"));
    String synced =
        repo.commit("apps", Map.of("alpha/cm.yaml", CONFIG, "bravo-path/cm.yaml", CONFIG));
    MatrixGateway world =
        new MatrixGateway(issuerVertx, issuer, gw, repo, MatrixCallers.create(gw, issuer), synced);
    for (String tenant : List.of("team-a", "team-b")) {
      int status = world.putApp(tenant);
      if (status != 201) {
        throw new IllegalStateException("creating the app of " + tenant + ": " + status);
      }
      String sync = "/api/v1/tenants/" + tenant + "/apps/" + app(tenant) + "/operations";
      status =
          gw.call(
                  HttpMethod.POST,
                  sync,
                  world.callers.operator(),
                  new io.vertx.core.json.JsonObject())
              .statusCode();
      if (status != 200) {
        throw new IllegalStateException("syncing the app of " + tenant + ": " + status);
      }
    }
    return world;
  }

  public static String app(String tenant) {
    return tenant.equals("team-b") ? "bravo-secret" : "alpha";
  }

  public static String path(String tenant) {
    return tenant.equals("team-b") ? "bravo-path" : "alpha";
  }

  /** (Re)creates the tenant's app as the operator; the status of the PUT. */
  public int putApp(String tenant) throws Exception {
    return gw.call(
            HttpMethod.PUT,
            "/api/v1/tenants/" + tenant + "/apps/" + app(tenant),
            callers.operator(),
            AppSpecs.of(repo.url(), path(tenant), "dev", tenant + "-x"))
        .statusCode();
  }

  @Override
  public void close() throws Exception {
    try {
      gw.close();
      repo.close();
      issuer.close();
    } finally {
      issuerVertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
