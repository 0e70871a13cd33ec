package io.gitops.cli.commands;

import static io.gitops.cli.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.cli.Json;
import io.gitops.cli.client.Api;
import io.gitops.cli.output.Table;
import io.gitops.cli.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops token create|list|revoke}: the tenant's API tokens (tenant admins). */
@Command(
    name = "token",
    description = "API tokens of a tenant, for CI (tenant admin).",
    mixinStandardHelpOptions = true,
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
public final class TokenCommand {
  private static final String[] HEADERS = {
    "ID", "NAME", "ROLE", "CREATED BY", "EXPIRES", "REVOKED"
  };

  private static Object[] row(JsonNode t) {
    return new Object[] {
      text(t, "id"),
      text(t, "name"),
      text(t, "role"),
      text(t, "createdBy"),
      text(t, "expiresAt"),
      text(t, "revokedAt")
    };
  }

  /**
   * Issues a token. Its secret is printed once, here and never again (-o json puts it in {@code
   * token}, for a script to store in its CI secrets).
   */
  @Command(
      name = "create",
      description = "Issue an API token; its secret is printed once (-o json: field 'token').",
      mixinStandardHelpOptions = true)
  public static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "A name to recognise it by, e.g. ci-deploy.")
    String name;

    @Option(
        names = "--role",
        defaultValue = "deployer",
        description = "viewer, deployer or admin (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(
        names = "--expires-in-days",
        defaultValue = "30",
        description = "1 to 366 (default: ${DEFAULT-VALUE}).")
    int expiresInDays;

    @Override
    public Integer call() {
      Session session = session();
      ObjectNode body =
          Json.JSON
              .createObjectNode()
              .put("name", name)
              .put("role", role)
              .put("expiresInDays", expiresInDays);
      JsonNode issued = session.api().post(session.tenantPath() + "/tokens", body);
      printer()
          .print(
              issued,
              out -> {
                new Table(HEADERS).row(row(issued)).print(out);
                out.println();
                out.println(
                    "token (shown once, store it now): " + Terminal.oneLine(text(issued, "token")));
              });
      return 0;
    }
  }

  @Command(
      name = "list",
      aliases = "ls",
      description = "The tenant's API tokens, without their secrets.",
      mixinStandardHelpOptions = true)
  public static final class ListTokens extends ApiCommand {
    @Override
    public Integer call() {
      Session session = session();
      JsonNode items = session.api().get(session.tenantPath() + "/tokens").path("items");
      printer()
          .print(
              items,
              out -> {
                Table table = new Table(HEADERS);
                items.forEach(t -> table.row(row(t)));
                table.print(out);
              });
      return 0;
    }
  }

  @Command(
      name = "revoke",
      description = "Revoke an API token by its ID (see 'token list').",
      mixinStandardHelpOptions = true)
  public static final class Revoke extends ApiCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      Session session = session();
      session.api().delete(session.tenantPath() + "/tokens/" + Api.enc(id));
      System.out.println("revoked " + id);
      return 0;
    }
  }
}
