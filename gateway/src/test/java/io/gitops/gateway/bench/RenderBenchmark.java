package io.gitops.gateway.bench;

import io.gitops.gateway.render.InMemoryRepoFiles;
import io.gitops.gateway.render.RenderException;
import io.gitops.gateway.render.RenderRequest;
import io.gitops.gateway.render.RenderResult;
import io.gitops.gateway.render.Renderer;
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

/** Time to render one app: a 20-file directory, and a Kustomize overlay over a 20-file base. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderBenchmark {
  private final Renderer renderer = new Renderer();
  private InMemoryRepoFiles repo;

  @Setup
  public void setUp() {
    Map<String, String> files = new LinkedHashMap<>();
    StringBuilder resources = new StringBuilder("resources:\n");
    for (int i = 0; i < 20; i++) {
      String deployment =
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: app-%d}
          spec:
            selector: {matchLabels: {app: app-%d}}
            template:
              metadata: {labels: {app: app-%d}}
              spec:
                containers: [{name: app, image: "nginx:1.25", envFrom: [{configMapRef: {name: settings}}]}]
          """
              .formatted(i, i, i);
      files.put("base/app-" + i + ".yaml", deployment);
      resources.append("  - app-").append(i).append(".yaml\n");
    }
    files.put(
        "base/kustomization.yaml",
        resources + "configMapGenerator:\n  - {name: settings, literals: [A=1]}\n");
    files.put(
        "overlay/kustomization.yaml",
        """
        resources: [../base]
        namespace: prod
        namePrefix: prod-
        commonLabels: {env: prod}
        images: [{name: nginx, newTag: "1.27"}]
        """);
    repo = new InMemoryRepoFiles(files);
  }

  @Benchmark
  public RenderResult directory() throws RenderException {
    return renderer.render(repo, RenderRequest.of("base/"));
  }

  @Benchmark
  public RenderResult kustomizeOverlay() throws RenderException {
    return renderer.render(repo, RenderRequest.of("overlay"));
  }
}
