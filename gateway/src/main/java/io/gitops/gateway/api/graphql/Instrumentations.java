package io.gitops.gateway.api.graphql;

import graphql.ExecutionResult;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import io.gitops.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What every GraphQL request goes through: depth and complexity limits (a clear error, nothing
 * runs) and a timer by operation type — all per operation, none per field. Fetchers return
 * CompletionStages and plain maps and lists (GraphQLFetchers.plain), not Vert.x Futures and JSON:
 * Vert.x's VertxFutureAdapter and JsonObjectAdapter would wrap every one of the ~2,500 field
 * fetches of a page of 100 apps.
 */
public final class Instrumentations {
  public static final int MAX_DEPTH = 10;

  /**
   * Fields a query may ask for, counting a list field's selection {@code first} times: a page of
   * 500 apps with 20 fields each fits, a page of apps that each list their tenant's apps does not.
   */
  public static final int MAX_COMPLEXITY = 20_000;

  private Instrumentations() {}

  public static Instrumentation all(GatewayMetrics metrics) {
    return new ChainedInstrumentation(
        List.of(
            new MaxQueryDepthInstrumentation(MAX_DEPTH),
            new ComplexityLimit(),
            new Timing(metrics)));
  }

  /**
   * One point per field, and a field with a {@code first} argument (a page) costs its selection
   * {@code first} times: {@code apps(first: 500) { … owner { apps(first: 500) … } }} is 250,000
   * nodes, not 10 fields. Refused before anything runs, with an error naming the limit.
   */
  static final class ComplexityLimit extends MaxQueryComplexityInstrumentation {
    ComplexityLimit() {
      super(MAX_COMPLEXITY, ComplexityLimit::cost);
    }

    static int cost(FieldComplexityEnvironment env, int childComplexity) {
      Object first = env.getArguments().get("first");
      long times = first instanceof Number n ? Math.max(1, n.longValue()) : 1;
      return (int) Math.min(Integer.MAX_VALUE, 1 + times * childComplexity);
    }

    @Override
    protected AbortExecutionException mkAbortException(int totalComplexity, int maxComplexity) {
      return new AbortExecutionException(
          "query complexity "
              + totalComplexity
              + " exceeds the limit of "
              + maxComplexity
              + " (one point per field, a list's selection counted `first` times): ask for fewer items or fewer nested fields");
    }
  }

  /** Records how long each operation took, tagged query, mutation or subscription. */
  static final class Timing extends SimplePerformantInstrumentation {
    private final GatewayMetrics metrics;

    Timing(GatewayMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
        InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
      long start = System.nanoTime();
      String type =
          parameters
              .getExecutionContext()
              .getOperationDefinition()
              .getOperation()
              .name()
              .toLowerCase(Locale.ROOT);
      return SimpleInstrumentationContext.whenCompleted(
          (result, err) ->
              metrics.graphqlRequest(type, Duration.ofNanos(System.nanoTime() - start)));
    }
  }
}
