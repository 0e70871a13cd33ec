package io.gitops.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.diff.DiffOptions;
import io.gitops.gateway.diff.DiffVerdict;
import io.gitops.gateway.diff.Differ;
import io.gitops.gateway.diff.ObjectDiff;
import io.gitops.gateway.health.BuiltInHealth;
import io.gitops.gateway.model.HealthResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Compare cost of one typical Deployment: desired as rendered from Git against live as the API
 * server returns it (defaults, status, managedFields of the gateway and the controller). One
 * operation = one diff + one health assessment, single-threaded, so ops/s is the per-core figure.
 * Target: at least 20,000 ops/s. {@code drifted} measures the same pair with the image changed in
 * Git, which also renders the unified diff.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DiffBenchmark {
  private Map<String, Object> desired;
  private Map<String, Object> drifted;
  private Map<String, Object> live;
  private final DiffOptions options = DiffOptions.defaults();
  private final BuiltInHealth health = new BuiltInHealth();

  @Setup
  @SuppressWarnings("unchecked")
  public void load() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    desired =
        yaml.readValue(
            DiffBenchmark.class.getResource("/bench/deployment-desired.yaml"), LinkedHashMap.class);
    live =
        yaml.readValue(
            DiffBenchmark.class.getResource("/bench/deployment-live.yaml"), LinkedHashMap.class);
    drifted =
        yaml.readValue(
            DiffBenchmark.class.getResource("/bench/deployment-desired.yaml"), LinkedHashMap.class);
    Map<String, Object> container =
        (Map<String, Object>)
            ((java.util.List<Object>)
                    ((Map<String, Object>)
                            ((Map<String, Object>)
                                    ((Map<String, Object>) drifted.get("spec")).get("template"))
                                .get("spec"))
                        .get("containers"))
                .get(0);
    container.put("image", "registry.example.com/shop/checkout:1.43.0");
    if (Differ.compare(desired, live, options).verdict() != DiffVerdict.IN_SYNC
        || Differ.compare(drifted, live, options).verdict() != DiffVerdict.MODIFIED) {
      throw new IllegalStateException("benchmark fixtures do not give the expected verdicts");
    }
  }

  @Benchmark
  public void inSync(Blackhole bh) {
    ObjectDiff diff = Differ.compare(desired, live, options);
    HealthResult result = health.assess(live).orElseThrow();
    bh.consume(diff);
    bh.consume(result);
  }

  @Benchmark
  public void drifted(Blackhole bh) {
    bh.consume(Differ.compare(drifted, live, options));
    bh.consume(health.assess(live).orElseThrow());
  }
}
