package io.gitops.gateway.support;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The callers every access matrix plays (REST, GraphQL, subscriptions, /ws/status, SSE): each role
 * of team-a by OIDC token and by API token, the operator, an admin of team-b only (an outsider to
 * team-a), and the tokens that must never authenticate. One list, so a new kind of caller reaches
 * every transport at once.
 */
public final class MatrixCallers {
  /**
   * What the caller is to team-a: a role, the operator (every tenant), or nothing (a role in team-b
   * only).
   */
  public enum Standing {
    VIEWER,
    DEPLOYER,
    ADMIN,
    OPERATOR,
    OUTSIDER;

    /** Holds at least {@code role} (VIEWER, DEPLOYER or ADMIN) in team-a. */
    public boolean atLeast(Standing role) {
      return this == OPERATOR || (this != OUTSIDER && ordinal() >= role.ordinal());
    }
  }

  public record Caller(String name, Supplier<String> token, Standing standing) {
    /**
     * The tenant whose data this caller may see, the other one's must never reach it (null: the
     * operator sees both).
     */
    public String home() {
      return standing == Standing.OPERATOR
          ? null
          : standing == Standing.OUTSIDER ? "team-b" : "team-a";
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final TestIssuer issuer;
  private final Map<Standing, String> apiTokens = new LinkedHashMap<>();

  private MatrixCallers(TestIssuer issuer) {
    this.issuer = issuer;
  }

  /** Creates team-a's API tokens (gwt_…) through the API, as an admin would, one per role. */
  public static MatrixCallers create(GatewayHarness gw, TestIssuer issuer) throws Exception {
    MatrixCallers callers = new MatrixCallers(issuer);
    for (Standing role : List.of(Standing.VIEWER, Standing.DEPLOYER, Standing.ADMIN)) {
      String name = "matrix-" + role.name().toLowerCase();
      var r =
          gw.call(
              HttpMethod.POST,
              "/api/v1/tenants/team-a/tokens",
              callers.operator(),
              new JsonObject().put("name", name).put("role", role.name().toLowerCase()));
      if (r.statusCode() != 201) {
        throw new IllegalStateException(
            "creating API token " + name + ": " + r.statusCode() + " " + r.bodyAsString());
      }
      callers.apiTokens.put(role, r.bodyAsJsonObject().getString("token"));
    }
    return callers;
  }

  public String operator() {
    return issuer.token("olga", "gitops-operators");
  }

  /** Every caller with a valid credential. */
  public List<Caller> valid() {
    return List.of(
        new Caller("viewer", () -> issuer.token("vic", "team-a-viewers"), Standing.VIEWER),
        new Caller("deployer", () -> issuer.token("dee", "team-a-deployers"), Standing.DEPLOYER),
        new Caller("admin", () -> issuer.token("ada", "team-a-admins"), Standing.ADMIN),
        new Caller("api-token(viewer)", () -> apiTokens.get(Standing.VIEWER), Standing.VIEWER),
        new Caller(
            "api-token(deployer)", () -> apiTokens.get(Standing.DEPLOYER), Standing.DEPLOYER),
        new Caller("api-token(admin)", () -> apiTokens.get(Standing.ADMIN), Standing.ADMIN),
        new Caller("team-b admin", () -> issuer.token("bob", "team-b-admins"), Standing.OUTSIDER),
        new Caller("operator", this::operator, Standing.OPERATOR));
  }

  /**
   * Credentials that must be refused (401, WebSocket close 4401) wherever a token is asked for; all
   * for a team-a admin.
   */
  public Map<String, Supplier<String>> refused() {
    Map<String, Supplier<String>> out = new LinkedHashMap<>();
    out.put("no token", () -> null);
    out.put(
        "expired",
        () ->
            issuer.sign(
                issuer
                    .claims("ada", "team-a-admins")
                    .put("exp", System.currentTimeMillis() / 1000 - 3600)));
    out.put(
        "wrong audience",
        () -> issuer.sign(issuer.claims("ada", "team-a-admins").put("aud", "another-service")));
    out.put("tampered signature", () -> TestIssuer.tamper(issuer.token("ada", "team-a-admins")));
    out.put(
        "signed by another key",
        () -> issuer.signWithForeignKey(issuer.claims("ada", "team-a-admins")));
    out.put("unknown API token", () -> "gwt_" + "A".repeat(43));
    return out;
  }
}
