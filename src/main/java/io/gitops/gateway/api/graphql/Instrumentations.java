package io.gitops.gateway.api.graphql;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
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
  public static final int MAX_COMPLEXITY = 500;

  private Instrumentations() {}

  public static Instrumentation all(GatewayMetrics metrics) {
    return new ChainedInstrumentation(List.of(
        new MaxQueryDepthInstrumentation(MAX_DEPTH),
        new MaxQueryComplexityInstrumentation(MAX_COMPLEXITY),
        new Timing(metrics)));
  }

  /** Records how long each operation took, tagged query, mutation or subscription. */
  static final class Timing extends SimplePerformantInstrumentation {
    private final GatewayMetrics metrics;

    Timing(GatewayMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
        InstrumentationState state) {
      long start = System.nanoTime();
      String type = parameters.getExecutionContext().getOperationDefinition().getOperation().name().toLowerCase(Locale.ROOT);
      return SimpleInstrumentationContext.whenCompleted((result, err) ->
          metrics.graphqlRequest(type, Duration.ofNanos(System.nanoTime() - start)));
    }
  }
}
