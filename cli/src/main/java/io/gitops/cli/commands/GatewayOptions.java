package io.gitops.cli.commands;

import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import io.gitops.cli.client.Api;
import io.gitops.cli.config.CliConfig;
import io.gitops.cli.config.ConfigFile;
import io.gitops.cli.config.Context;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which gateway, as whom, for which tenant: options first, then the environment ({@code
 * GITOPS_SERVER}, {@code GITOPS_TOKEN}, {@code GITOPS_TENANT}, {@code GITOPS_CONTEXT}), then the
 * config file's context.
 */
public final class GatewayOptions {
  @Option(
      names = "--context",
      paramLabel = "NAME",
      description =
          "Context from the config file (default: $GITOPS_CONTEXT, else the current one).")
  String context;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Gateway URL (default: $GITOPS_SERVER, else the context's).")
  String server;

  @Option(
      names = {"-t", "--tenant"},
      paramLabel = "TENANT",
      description = "Tenant (default: $GITOPS_TENANT, else the context's).")
  String tenant;

  /** The connection these options, the environment and the config file describe. */
  public Session session() {
    return session(System.getenv());
  }

  Session session(Map<String, String> env) {
    ConfigFile file = ConfigFile.fromEnvironment(env);
    CliConfig config = file.read();
    String name = first(context, env.get("GITOPS_CONTEXT"), config.currentContext());
    Context ctx = null;
    if (name != null) {
      ctx =
          config
              .context(name)
              .orElseThrow(
                  () ->
                      new CliException(
                          Exit.NOT_FOUND, "no context " + name + " in " + file.path()));
    }
    String url = first(server, env.get("GITOPS_SERVER"), ctx == null ? null : ctx.server());
    if (url == null) {
      throw CliException.usage("no gateway: run 'gitops login URL' or set GITOPS_SERVER");
    }
    String token = first(env.get("GITOPS_TOKEN"), ctx == null ? null : ctx.token());
    if (token == null) {
      throw CliException.auth("not logged in: run 'gitops login' or set GITOPS_TOKEN");
    }
    String t = first(tenant, env.get("GITOPS_TENANT"), ctx == null ? null : ctx.tenant());
    return new Session(new Api(serverUri(url), token), t);
  }

  /** An http(s) URL without a path, or a usage error naming the value. */
  public static URI serverUri(String url) {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("server " + url + " is not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw CliException.usage("server " + url + " is not an http:// or https:// URL");
    }
    return uri;
  }

  static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
