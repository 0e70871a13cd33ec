package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.BearerAuth;
import io.gitops.gateway.auth.Principal;
import io.gitops.gateway.model.TenantId;
import io.gitops.gateway.source.RepoCredential;
import io.gitops.gateway.source.RepoUrl;
import io.gitops.gateway.source.RepoUrls;
import io.gitops.gateway.source.SshKeys;
import io.gitops.gateway.store.AuditStore;
import io.gitops.gateway.store.CredentialStore;
import io.gitops.gateway.tenancy.Access;
import io.gitops.gateway.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Repository credentials of a tenant (admin only). Secrets are write-only: a PUT takes them, no
 * route ever returns them, and the audit log records only who changed which URL.
 *
 * <pre>
 * PUT    /tenants/{t}/repository-credentials   {"url": "https://git.example.com/team-a/", "username": "bot", "password": "TOKEN"}
 *                                              or {"url": …, "username": "git", "sshPrivateKey": "-----BEGIN…", "sshPassphrase": …,
 *                                                  "sshKnownHosts": "host ssh-ed25519 AAAA…"} (or "insecureIgnoreHostKey": true)
 * GET    /tenants/{t}/repository-credentials   [{url, kind, username, updatedAt}]
 * DELETE /tenants/{t}/repository-credentials?url=…
 * </pre>
 *
 * {@code url} is an exact repository URL or a prefix of many; it is sent only to URLs with the same
 * scheme, host and port whose path it covers up to a '/', and the longest such prefix wins.
 */
public final class RepositoryRoutes {
  private static final Set<String> FIELDS =
      Set.of(
          "url",
          "username",
          "password",
          "sshPrivateKey",
          "sshPassphrase",
          "sshKnownHosts",
          "insecureIgnoreHostKey",
          "caData",
          "insecureSkipTlsVerify");
  private static final Set<String> SSH_ONLY =
      Set.of("sshPassphrase", "sshKnownHosts", "insecureIgnoreHostKey");

  private final Access access;
  private final Guard guard;
  private final CredentialStore store;
  private final AuditStore audit;

  public RepositoryRoutes(Access access, CredentialStore store, AuditStore audit) {
    this.access = access;
    this.guard = new Guard(access);
    this.store = store;
    this.audit = audit;
  }

  public void mount(Router api) {
    api.get("/tenants/:tenant/repository-credentials").handler(this::list);
    api.put("/tenants/:tenant/repository-credentials").handler(this::put);
    api.delete("/tenants/:tenant/repository-credentials").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    store
        .list(tenant)
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach(
                  s ->
                      items.add(
                          new JsonObject()
                              .put("url", s.urlPrefix())
                              .put("kind", s.kind())
                              .put("username", s.username())
                              .put("updatedAt", s.updatedAt().toString())));
              ctx.json(new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new ApiException(400, "body must be a JSON object", "body");
    }
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new ApiException(400, "unknown field '" + field + "'", field);
      }
    }
    String url = text(body, "url");
    if (url == null || url.isBlank()) {
      throw new ApiException(
          400, "url is required (a repository URL or a prefix of several)", "url");
    }
    try {
      RepoUrl.prefix(url);
    } catch (RepoUrl.Invalid e) {
      throw new ApiException(400, "url " + e.getMessage(), "url");
    }
    // A tenant may only hold credentials for repositories it may use (its sourceRepos).
    if (!access.tenant(tenant).map(t -> t.allowsSourcePrefix(url)).orElse(false)) {
      throw new ApiException(
          403, "url '" + RepoUrls.redact(url) + "' is outside the tenant's sourceRepos", "url");
    }
    RepoCredential credential = credential(body);
    // Reading the key (bcrypt for an encrypted OpenSSH key) is slow: off the event loop.
    checked(ctx, credential)
        .compose(ok -> store.put(tenant, url, credential))
        .compose(
            created ->
                record(ctx, tenant, url, created ? "credential.created" : "credential.updated")
                    .map(created))
        .onSuccess(
            created ->
                ctx.response()
                    .setStatusCode(created ? 201 : 200)
                    .putHeader("content-type", "application/json")
                    .end(
                        new JsonObject()
                            .put("url", url)
                            .put("kind", credential.kind())
                            .put("username", text(body, "username"))
                            .encode()))
        .onFailure(ctx::fail);
  }

  /** A key that cannot be read (or a bad known_hosts) is a 400 now, not a failing fetch later. */
  private static Future<Void> checked(RoutingContext ctx, RepoCredential credential) {
    if (!(credential instanceof RepoCredential.SshKey ssh)) {
      return Future.succeededFuture();
    }
    return ctx.vertx()
        .executeBlocking(() -> SshKeys.problem(ssh), false)
        .compose(
            problem ->
                problem == null
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new ApiException(
                            400,
                            problem,
                            problem.startsWith("sshKnownHosts")
                                ? "sshKnownHosts"
                                : "sshPrivateKey")));
  }

  private static RepoCredential credential(JsonObject body) {
    String password = text(body, "password");
    String key = text(body, "sshPrivateKey");
    if ((password == null) == (key == null)) {
      throw new ApiException(
          400,
          "give exactly one of 'password' (an HTTPS password or token) and 'sshPrivateKey'",
          password == null ? "password" : "sshPrivateKey");
    }
    String username = text(body, "username");
    if (password != null) {
      if (username == null || username.isBlank()) {
        throw new ApiException(400, "username is required with a password or token", "username");
      }
      for (String field : SSH_ONLY) {
        if (body.containsKey(field)) {
          throw new ApiException(400, field + " goes only with sshPrivateKey", field);
        }
      }
      Object insecureTls = body.getValue("insecureSkipTlsVerify", false);
      if (!(insecureTls instanceof Boolean)) {
        throw new ApiException(
            400, "insecureSkipTlsVerify must be true or false", "insecureSkipTlsVerify");
      }
      String caData = text(body, "caData");
      if (caData != null && !caData.contains("BEGIN CERTIFICATE")) {
        throw new ApiException(400, "caData must be PEM certificates", "caData");
      }
      return new RepoCredential.Https(username, password, caData, (Boolean) insecureTls);
    }
    if (!key.contains("PRIVATE KEY")) {
      throw new ApiException(
          400, "sshPrivateKey must be a PEM or OpenSSH private key", "sshPrivateKey");
    }
    Object insecure = body.getValue("insecureIgnoreHostKey", false);
    if (!(insecure instanceof Boolean)) {
      throw new ApiException(
          400, "insecureIgnoreHostKey must be true or false", "insecureIgnoreHostKey");
    }
    String knownHosts = text(body, "sshKnownHosts");
    if (knownHosts != null && (Boolean) insecure) {
      throw new ApiException(
          400, "give sshKnownHosts or insecureIgnoreHostKey, not both", "insecureIgnoreHostKey");
    }
    return new RepoCredential.SshKey(
        username == null ? "git" : username,
        key,
        text(body, "sshPassphrase"),
        knownHosts,
        (Boolean) insecure);
  }

  private void delete(RoutingContext ctx) {
    TenantId tenant = guard.require(ctx, Role.ADMIN);
    String url = ctx.queryParams().get("url");
    if (url == null || url.isBlank()) {
      throw new ApiException(400, "query parameter url is required", "url");
    }
    store
        .delete(tenant, url)
        .compose(
            deleted ->
                deleted
                    ? record(ctx, tenant, url, "credential.deleted")
                    : Future.failedFuture(ApiException.notFound("credential for " + url)))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private Future<Void> record(RoutingContext ctx, TenantId tenant, String url, String action) {
    Principal p = BearerAuth.principal(ctx);
    String from =
        ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    return audit.record(
        new AuditStore.Entry(
            p.subject(),
            tenant.value(),
            p.tokenId(),
            action,
            "repository/" + RepoUrls.redact(url),
            from,
            "success",
            null));
  }

  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v != null && !(v instanceof String)) {
      throw new ApiException(400, field + " must be a string", field);
    }
    return (String) v;
  }
}
