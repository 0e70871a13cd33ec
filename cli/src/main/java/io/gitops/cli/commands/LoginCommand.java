package io.gitops.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.Json;
import io.gitops.cli.client.Api;
import io.gitops.cli.client.Oidc;
import io.gitops.cli.config.ConfigFile;
import io.gitops.cli.config.Context;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops login URL}: gets a token, checks it against the gateway ({@code GET
 * /api/v1/tenants}) and only then stores it in a context. The token is never printed.
 */
@Command(
    name = "login",
    description = {
      "Log in to a gateway and store the credentials in a context of the config file.",
      "Credentials, first that applies: --token or --token-stdin (an API token or any bearer",
      "token); --issuer with --username (OIDC password grant: the demo's development issuer);",
      "--issuer alone (OIDC device flow, when the issuer offers it); $GITOPS_TOKEN."
    },
    mixinStandardHelpOptions = true)
public final class LoginCommand implements Callable<Integer> {
  @Parameters(paramLabel = "URL", description = "The gateway, e.g. https://gitops.example.com.")
  String server;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Name of the context to write (default: the URL's host:port).")
  String context;

  @Option(
      names = {"-t", "--tenant"},
      description = "Tenant for commands that name none (default: your only tenant, if one).")
  String tenant;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "A bearer token (visible to other local users in the process list: prefer"
              + " --token-stdin or $GITOPS_TOKEN).")
  String token;

  @Option(names = "--token-stdin", description = "Read the token from standard input.")
  boolean tokenStdin;

  @Option(names = "--issuer", paramLabel = "URL", description = "The OIDC issuer.")
  String issuer;

  @Option(names = "--username", description = "OIDC password grant: the user.")
  String username;

  @Option(
      names = "--password-stdin",
      description = "Read the password from standard input (else $GITOPS_PASSWORD, else a prompt).")
  boolean passwordStdin;

  @Option(
      names = "--client-id",
      defaultValue = "gitops-cli",
      description = "OIDC client id (default: ${DEFAULT-VALUE}).")
  String clientId;

  @Override
  public Integer call() {
    URI uri = GatewayOptions.serverUri(server);
    String bearer = credentials();
    JsonNode tenants = new Api(uri, bearer).get("/api/v1/tenants").path("items");
    String chosen = chooseTenant(tenants);
    String name = context != null ? context : uri.getAuthority();
    ConfigFile file = ConfigFile.fromEnvironment(System.getenv());
    file.write(file.read().with(new Context(name, uri.toString(), chosen, bearer, issuer)));
    System.out.println(
        "Logged in to "
            + uri
            + " (context "
            + name
            + (chosen == null ? ", no default tenant" : ", tenant " + chosen)
            + "); credentials in "
            + file.path());
    return Exit.OK;
  }

  private String credentials() {
    int given = (token != null ? 1 : 0) + (tokenStdin ? 1 : 0) + (issuer != null ? 1 : 0);
    if (given > 1) {
      throw CliException.usage("give one of --token, --token-stdin and --issuer");
    }
    if ((username != null || passwordStdin) && issuer == null) {
      throw CliException.usage("--username and --password-stdin need --issuer");
    }
    if (token != null) {
      return token.strip();
    }
    if (tokenStdin) {
      return nonEmpty(readStdin(), "no token on standard input");
    }
    if (issuer != null) {
      Oidc oidc = new Oidc(GatewayOptions.serverUri(issuer), clientId);
      if (username != null) {
        return oidc.passwordGrant(username, password());
      }
      if (!oidc.offersDeviceFlow()) {
        throw CliException.usage(
            "issuer "
                + issuer
                + " offers no device flow (no device_authorization_endpoint): give --username");
      }
      return oidc.deviceFlow(System.err);
    }
    String env = System.getenv("GITOPS_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    throw CliException.usage(
        "no credentials: give --token or --token-stdin, --issuer (with --username for a password),"
            + " or set GITOPS_TOKEN");
  }

  private String password() {
    if (passwordStdin) {
      return nonEmpty(readStdin(), "no password on standard input");
    }
    String env = System.getenv("GITOPS_PASSWORD");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    Console console = System.console();
    if (console == null) {
      throw CliException.usage(
          "no password: give --password-stdin or set GITOPS_PASSWORD (no terminal to ask on)");
    }
    char[] typed = console.readPassword("Password for %s: ", username);
    return nonEmpty(typed == null ? "" : new String(typed), "no password given");
  }

  private String chooseTenant(JsonNode tenants) {
    List<String> names = new ArrayList<>();
    tenants.forEach(t -> names.add(Json.text(t, "name")));
    if (tenant != null) {
      if (!names.contains(tenant)) {
        throw new CliException(
            Exit.NOT_FOUND,
            "tenant "
                + tenant
                + " is not among yours ("
                + (names.isEmpty() ? "none" : String.join(", ", names))
                + ")");
      }
      return tenant;
    }
    return names.size() == 1 ? names.get(0) : null;
  }

  private static String readStdin() {
    try {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      return in.lines().collect(Collectors.joining("\n")).strip();
    } catch (RuntimeException e) {
      throw CliException.usage("cannot read standard input");
    }
  }

  private static String nonEmpty(String value, String otherwise) {
    if (value == null || value.isBlank()) {
      throw CliException.usage(otherwise);
    }
    return value;
  }
}
