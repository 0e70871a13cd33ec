package io.gitops.gateway.support;

/**
 * The two tenants the access matrices play with: team-a, where the callers hold every role, and
 * team-b ("bravo"), whose names must never show up in an answer to a team-a caller.
 */
public final class MatrixTenants {
  public static final String TEAM_A =
      """
      name: team-a
      roles: {team-a-viewers: viewer, team-a-deployers: deployer, team-a-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-a-*"}]
      """;
  public static final String TEAM_B =
      """
      name: team-b
      displayName: bravo team
      roles: {team-b-admins: admin}
      sourceRepos: ["*"]
      destinations: [{cluster: dev, namespace: "team-b-*"}]
      """;

  private MatrixTenants() {}
}
