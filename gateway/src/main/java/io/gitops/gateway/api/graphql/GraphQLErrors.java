package io.gitops.gateway.api.graphql;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.SimpleDataFetcherExceptionHandler;
import io.gitops.gateway.api.ApiException;
import io.gitops.gateway.api.rest.Problems;
import io.gitops.gateway.codec.InvalidSpecException;
import io.gitops.gateway.reconcile.Ownership;
import io.gitops.gateway.reconcile.SyncWindowClosedException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * API errors as GraphQL errors with the same facts as REST problems: extensions.status and
 * extensions.field; anything else is logged by graphql-java and answered "internal error".
 */
final class GraphQLErrors implements DataFetcherExceptionHandler {
  private final DataFetcherExceptionHandler fallback = new SimpleDataFetcherExceptionHandler();

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters params) {
    Throwable e = params.getException();
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    e = Problems.asClientError(e);
    Map<String, Object> ext = new HashMap<>();
    String message;
    if (e instanceof ApiException api) {
      ext.put("status", api.status());
      if (api.field() != null) {
        ext.put("field", api.field());
      }
      message = api.getMessage();
    } else if (e instanceof SyncWindowClosedException closed) {
      ext.put("status", 409); // as REST: a window closed between the check and the sync
      ext.put("field", "overrideSyncWindow");
      message = closed.getMessage();
    } else if (e instanceof Ownership.Lost lost) {
      ext.put("status", 503); // as REST: the app is moving between replicas, try again
      message = lost.getMessage() + "; try again";
    } else if (e instanceof InvalidSpecException bad) {
      ext.put("status", 400);
      ext.put("field", bad.field());
      message = bad.getMessage();
    } else {
      return fallback.handleException(params);
    }
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(
                GraphqlErrorBuilder.newError()
                    .message(message)
                    .path(params.getPath())
                    .location(params.getSourceLocation())
                    .extensions(ext)
                    .build())
            .build());
  }
}
