package io.gitops.gateway.bench;

import io.gitops.gateway.tenancy.DestinationPolicy;
import io.gitops.gateway.tenancy.Tenant;
import io.gitops.gateway.tenancy.TenantSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The tenant check that runs on every rendered object right before a sync: one operation = 200
 * objects (namespaced and cluster-scoped kinds) against a tenant with three destinations and kind
 * rules. It must stay small beside the apply itself (milliseconds per object).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DestinationPolicyBenchmark {
  private Tenant tenant;
  private final List<Map<String, Object>> objects = new ArrayList<>();

  @Setup
  public void setup() {
    tenant =
        TenantSchema.read(
            Map.of(
                "name",
                "shop",
                "destinations",
                List.of(
                    Map.of("cluster", "prod-*", "namespace", "shop-*"),
                    Map.of("cluster", "dev", "namespace", "*"),
                    Map.of("cluster", "staging", "namespace", "shop-staging")),
                "kinds",
                Map.of("allow", List.of("Namespace"), "deny", List.of("/Secret"))));
    String[] kinds = {"Deployment", "Service", "ConfigMap", "Namespace"};
    for (int i = 0; i < 200; i++) {
      String kind = kinds[i % kinds.length];
      Map<String, Object> metadata =
          kind.equals("Namespace")
              ? Map.of("name", "shop-" + i)
              : Map.of("name", "obj-" + i, "namespace", "shop-web-" + (i % 7));
      objects.add(
          Map.of(
              "apiVersion",
              kind.equals("Deployment") ? "apps/v1" : "v1",
              "kind",
              kind,
              "metadata",
              metadata));
    }
  }

  @Benchmark
  public List<String> check200Objects() {
    return DestinationPolicy.check(tenant, "prod-eu", objects);
  }
}
