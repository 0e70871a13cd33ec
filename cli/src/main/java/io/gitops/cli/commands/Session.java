package io.gitops.cli.commands;

import io.gitops.cli.CliException;
import io.gitops.cli.client.Api;
import java.util.regex.Pattern;

/** The API to call and the tenant to use when a command names none. */
public record Session(Api api, String defaultTenant) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** An app named {@code tenant/app}, or {@code app} of the default tenant. */
  public record AppRef(String tenant, String app) {
    public String path() {
      return "/api/v1/tenants/" + Api.enc(tenant) + "/apps/" + Api.enc(app);
    }

    @Override
    public String toString() {
      return tenant + "/" + app;
    }
  }

  public AppRef app(String arg) {
    int slash = arg.indexOf('/');
    String tenant = slash < 0 ? tenant() : name("tenant", arg.substring(0, slash));
    return new AppRef(tenant, name("app", slash < 0 ? arg : arg.substring(slash + 1)));
  }

  /** The tenant to use, or a usage error saying how to give one. */
  public String tenant() {
    if (defaultTenant == null) {
      throw CliException.usage(
          "no tenant: give --tenant, name the app as TENANT/APP, or log in with --tenant");
    }
    return name("tenant", defaultTenant);
  }

  public String tenantPath() {
    return "/api/v1/tenants/" + Api.enc(tenant());
  }

  private static String name(String what, String value) {
    if (!NAME.matcher(value).matches()) {
      throw CliException.usage(
          what + " '" + value + "' is not a DNS label (lower-case letters, digits, '-')");
    }
    return value;
  }
}
