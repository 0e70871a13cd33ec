package io.gitops.gateway.bench;

import io.gitops.gateway.health.lua.LuaHealthScripts;
import io.gitops.gateway.model.HealthResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One script-based health assessment, end to end: look up the script for the object's kind, turn
 * the object into Lua tables, build the sandbox, run the compiled script under its instruction
 * budget, read the verdict. The object is a Ready cert-manager Certificate judged by the project's
 * own health-scripts/cert-manager.io/Certificate/health.lua; a Rollout (a longer script with more
 * branches) for comparison.
 *
 * <pre>
 * mvn -B -o test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main LuaHealthBenchmark -f 1 -wi 2 -i 3"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LuaHealthBenchmark {
  private LuaHealthScripts scripts;
  private Map<String, Object> certificate;
  private Map<String, Object> rollout;

  @Setup
  public void load() throws Exception {
    scripts =
        LuaHealthScripts.load(Path.of(System.getProperty("gitops.root", ".."), "health-scripts"));
    certificate =
        Map.of(
            "apiVersion", "cert-manager.io/v1",
            "kind", "Certificate",
            "metadata", Map.of("name", "shop-tls", "namespace", "shop", "generation", 2),
            "spec",
                Map.of(
                    "secretName",
                    "shop-tls",
                    "dnsNames",
                    List.of("shop.example.com"),
                    "issuerRef",
                    Map.of("name", "letsencrypt-prod", "kind", "ClusterIssuer")),
            "status",
                Map.of(
                    "notAfter",
                    "2031-04-01T10:00:00Z",
                    "conditions",
                    List.of(
                        Map.of("type", "Issuing", "status", "False", "reason", "Done"),
                        Map.of(
                            "type",
                            "Ready",
                            "status",
                            "True",
                            "reason",
                            "Ready",
                            "message",
                            "Certificate is up to date and has not expired"))));
    rollout =
        Map.of(
            "apiVersion", "argoproj.io/v1alpha1",
            "kind", "Rollout",
            "metadata", Map.of("name", "checkout", "namespace", "shop", "generation", 7),
            "spec", Map.of("replicas", 5),
            "status",
                Map.of(
                    "observedGeneration",
                    "7",
                    "replicas",
                    5,
                    "updatedReplicas",
                    5,
                    "availableReplicas",
                    5,
                    "conditions",
                    List.of(
                        Map.of(
                            "type",
                            "Progressing",
                            "status",
                            "True",
                            "reason",
                            "NewReplicaSetAvailable"),
                        Map.of("type", "Available", "status", "True"))));
    if (!assessCertificate().orElseThrow().status().label().equals("Healthy")) {
      throw new IllegalStateException("the benchmark object is not judged Healthy");
    }
  }

  @Benchmark
  public Optional<HealthResult> assessCertificate() {
    return scripts.assess(certificate);
  }

  @Benchmark
  public Optional<HealthResult> assessRollout() {
    return scripts.assess(rollout);
  }
}
