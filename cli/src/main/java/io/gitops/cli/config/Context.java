package io.gitops.cli.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One gateway the CLI talks to: its URL, the tenant commands use when none is named, and the bearer
 * token (an API token or an OIDC access token). The token is written to the config file only (mode
 * 600) and never printed.
 *
 * @param issuer the OIDC issuer the token came from, when it came from one (for the next login)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Context(String name, String server, String tenant, String token, String issuer) {
  public Context withTenant(String newTenant) {
    return new Context(name, server, newTenant, token, issuer);
  }
}
