package io.gitops.gateway.api.graphql;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.gitops.gateway.api.ClientText;

/**
 * GraphQL's side of {@link ClientText}: every argument of every field (inputs such as {@code
 * AppInput} at any depth, whether written in the query or passed as variables) is checked before
 * its fetcher runs. A refusal is the fetcher's ApiException, so the error carries {@code status:
 * 400} and the field ({@code input.path}, {@code input.helm.values.<key>}) as REST's would. Fields
 * without arguments, nearly all of them, keep their fetcher as it is.
 */
final class GraphQLInputCheck extends SimplePerformantInstrumentation {
  @Override
  public DataFetcher<?> instrumentDataFetcher(
      DataFetcher<?> fetcher,
      InstrumentationFieldFetchParameters parameters,
      InstrumentationState state) {
    if (parameters.getEnvironment().getArguments().isEmpty()) {
      return fetcher;
    }
    return env -> {
      ClientText.check(env.getArguments(), "");
      return fetcher.get(env);
    };
  }
}
