package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.ClientText;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each /api/v1 request whose operation the OpenAPI document describes — path and query
 * parameters, headers, the JSON body, and the body's size where the operation sets {@value
 * #MAX_BODY} — before any route sees it; a mismatch fails the request with a 400 naming the field
 * ({@link ValidationProblem}). An operation the document lacks is left to the router. The
 * hand-written checks behind it stay: they check what a schema cannot (globs, paths that must stay
 * inside the repository, the tenant's policy) with the same field names.
 *
 * <p>Two deliberate differences from a plain validator run: a JSON {@code null} member counts as
 * absent, as the hand-written readers treat it (a GET's answer can be sent back as it is), and a
 * body without a content type is read as JSON, as the routes read it.
 */
public final class RequestValidation implements Handler<RoutingContext> {
  /** An operation's own body limit, in bytes, below the router's 1 MiB for every route. */
  static final String MAX_BODY = "x-max-body-bytes";

  private final Future<OpenAPIContract> contract;
  private final Future<RequestValidator> validator;

  RequestValidation(Vertx vertx, Future<OpenAPIContract> contract) {
    this.contract = contract;
    this.validator = contract.map(c -> RequestValidator.create(vertx, c));
  }

  public static RequestValidation load(Vertx vertx) {
    return new RequestValidation(vertx, RequestContract.load(vertx));
  }

  @Override
  public void handle(RoutingContext ctx) {
    contract
        .compose(
            c -> {
              Operation operation = c.findOperation(ctx.request().path(), ctx.request().method());
              Object limit = operation == null ? null : operation.getExtensions().get(MAX_BODY);
              if (limit instanceof Number max
                  && ctx.body() != null
                  && ctx.body().length() > max.longValue()) {
                // before the schema: a huge body is refused for its size, not for whatever is wrong
                // inside it
                return Future.failedFuture(
                    new ApiException(
                        413, "a body here may have at most " + max + " bytes", "body"));
              }
              checkText(ctx, operation);
              if (operation == null) {
                return Future.succeededFuture();
              }
              return RequestUtils.extract(
                      ctx.request(), operation, () -> Future.succeededFuture(Buffer.buffer()))
                  .compose(
                      params ->
                          validator.compose(
                              v ->
                                  v.validate(
                                      withBody(params, ctx, operation),
                                      operation.getOperationId())))
                  .mapEmpty();
            })
        .onComplete(
            done -> {
              if (done.succeeded()) {
                ctx.next();
              } else if (done.cause() instanceof DecodeException
                  || done.cause() instanceof ApiException) {
                ctx.fail(
                    done.cause()); // answered as today: "body is not valid JSON", or the size limit
              } else {
                ctx.fail(ValidationProblem.from(done.cause()));
              }
            });
  }

  /**
   * Every string of the request, body keys included ({@link ClientText}), for every /api/v1 route,
   * described or not. A body that is not JSON is left to the checks below.
   */
  private static void checkText(RoutingContext ctx, Operation operation) {
    String[] raw = ctx.request().path().split("/");
    List<String> segments = new ArrayList<>();
    for (String segment : raw) {
      segments.add(decoded(segment));
    }
    List<String> template =
        operation == null ? List.of() : List.of(operation.getOpenAPIPath().split("/"));
    ClientText.checkPath(segments, template);
    ctx.queryParams()
        .forEach(
            e -> {
              ClientText.check(e.getKey(), "query");
              ClientText.check(e.getValue(), e.getKey());
            });
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body != null && body.length() > 0) {
      Object json;
      try {
        json = Json.decodeValue(body);
      } catch (DecodeException e) {
        return;
      }
      ClientText.check(json, "");
    }
  }

  private static String decoded(String segment) {
    try {
      return QueryStringDecoder.decodeComponent(segment);
    } catch (IllegalArgumentException e) {
      return segment; // a broken %-escape: the router answers it
    }
  }

  /**
   * Checks a body the gateway made on a tenant's behalf (an app set's rendered app) exactly as if
   * the tenant had sent it to {@code operationId} with these path parameters: the same schema, the
   * same text rules, failing with the same 400 naming the field.
   */
  public Future<Void> checkBody(
      String operationId, java.util.Map<String, String> path, JsonObject body) {
    try {
      ClientText.check(body, "");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    java.util.Map<String, RequestParameter> pathParams = new java.util.HashMap<>();
    path.forEach((k, v) -> pathParams.put(k, new RequestParameterImpl(v)));
    ValidatableRequest request =
        new ValidatableRequestImpl(
            java.util.Map.of(),
            java.util.Map.of(),
            pathParams,
            java.util.Map.of(),
            new RequestParameterImpl(Json.encodeToBuffer(withoutNulls(body))),
            "application/json");
    return validator
        .compose(v -> v.validate(request, operationId))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(ValidationProblem.from(err)));
  }

  /** The parameters the library extracted, with the body already read by BodyHandler. */
  private static ValidatableRequest withBody(
      ValidatableRequest params, RoutingContext ctx, Operation operation) {
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    RequestParameter body = new RequestParameterImpl(null);
    String type = ctx.request().getHeader("content-type");
    if (isYaml(type) && operation.getRequestBody() != null) {
      // a JSON body labelled YAML must not slip past the schema
      throw new ApiException(415, "this operation takes application/json", "content-type");
    }
    if (raw != null && raw.length() > 0 && !isYaml(type)) {
      Object json = withoutNulls(Json.decodeValue(raw)); // DecodeException: not JSON
      body = new RequestParameterImpl(Json.encodeToBuffer(json));
    }
    return new ValidatableRequestImpl(
        params.getCookies(),
        params.getHeaders(),
        params.getPathParameters(),
        params.getQuery(),
        body,
        type == null ? "application/json" : type);
  }

  /**
   * A YAML body (the Argo CD import) is read by its route, which checks every value it keeps; it is
   * accepted only where the document describes no JSON body.
   */
  private static boolean isYaml(String contentType) {
    return contentType != null
        && (contentType.startsWith("application/yaml")
            || contentType.startsWith("application/x-yaml")
            || contentType.startsWith("text/yaml"));
  }

  /** A copy without object members whose value is null: null means "not given" in this API. */
  static Object withoutNulls(Object json) {
    if (json instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      object.forEach(
          e -> {
            if (e.getValue() != null) {
              out.put(e.getKey(), withoutNulls(e.getValue()));
            }
          });
      return out;
    }
    if (json instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(withoutNulls(item)));
      return out;
    }
    return json;
  }
}
