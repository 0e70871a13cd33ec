package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.auth.AuthenticationException;
import io.gitops.gateway.codec.InvalidSpecException;
import io.gitops.gateway.reconcile.Ownership;
import io.gitops.gateway.reconcile.SyncWindowClosedException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into RFC 7807 problem JSON. Bad requests name the field; unexpected errors
 * are logged here and answered 500 without internals (no stack traces, no secrets).
 */
public final class Problems {
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());

  private Problems() {}

  public static void handle(RoutingContext ctx) {
    Throwable failure = asClientError(ctx.failure());
    int status = ctx.statusCode();
    String detail;
    String field = null;
    if (failure instanceof ApiException e) {
      status = e.status();
      detail = e.getMessage();
      field = e.field();
    } else if (failure instanceof InvalidSpecException e) {
      status = 400;
      detail = e.getMessage();
      field = e.field();
    } else if (failure instanceof AuthenticationException e) {
      status = 401;
      detail = e.getMessage();
      ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    } else if (failure instanceof SyncWindowClosedException e) {
      status = 409; // a sync window is closed: the request may be repeated with overrideSyncWindow
      detail = e.getMessage();
      field = "overrideSyncWindow";
    } else if (failure instanceof Ownership.Lost e) {
      status = 503; // the app is moving between replicas: the same request succeeds in a moment
      detail = e.getMessage() + "; try again";
      ctx.response().putHeader("Retry-After", "1");
    } else if (failure instanceof DecodeException) {
      status = 400;
      detail = "body is not valid JSON";
    } else if (failure != null) {
      LOG.log(
          Level.WARNING,
          "unexpected error on " + ctx.request().method() + " " + ctx.request().path(),
          failure);
      status = 500;
      detail = "internal error";
    } else {
      detail =
          status == 413
              ? "request body too large"
              : status == 404 ? "no such route" : "request failed";
    }
    send(ctx, status < 400 ? 500 : status, detail, field);
  }

  /**
   * A value PostgreSQL refused as data (SQLSTATE class 22: a character it cannot store, a string
   * too long, a number out of range) came from the client, whatever check let it through: a 400
   * that says so, without the SQL text or the table. Anything else is returned as it is.
   */
  public static Throwable asClientError(Throwable failure) {
    if (failure instanceof io.vertx.pgclient.PgException pg
        && pg.getSqlState() != null
        && pg.getSqlState().startsWith("22")) {
      LOG.warning(
          "a request value refused by PostgreSQL (SQLSTATE "
              + pg.getSqlState()
              + ") got past the API's checks");
      return new ApiException(
          400, "a value in the request cannot be stored (SQLSTATE " + pg.getSqlState() + ")");
    }
    return failure;
  }

  public static void send(RoutingContext ctx, int status, String detail, String field) {
    if (ctx.response().ended()) {
      return;
    }
    JsonObject problem =
        new JsonObject()
            .put("type", "about:blank")
            .put(
                "title",
                io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())
            .put("status", status)
            .put("detail", detail);
    if (field != null) {
      problem.put("field", field);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/problem+json")
        .end(problem.encode());
  }
}
