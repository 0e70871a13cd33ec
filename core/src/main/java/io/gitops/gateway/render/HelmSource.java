package io.gitops.gateway.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helm charts rendered by the real Helm library (helm-java), in a killable worker process in the
 * gateway ({@link HelmWorkers}), in-process in pure-rendering tests. Helm needs the chart on disk,
 * so the chart's subtree is copied out of the repository into a private temporary directory
 * (through the same size limits as every other read) and deleted afterwards.
 */
final class HelmSource {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private HelmSource() {}

  static List<SourcedObject> render(RenderContext ctx, String chartPath, HelmOptions options)
      throws RenderException {
    String prefix = chartPath.isEmpty() ? "" : chartPath + "/";
    if (!ctx.exists(prefix + "Chart.yaml")) {
      throw new RenderException(
          "path '" + chartPath + "' is not a Helm chart: it has no Chart.yaml");
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("gitops-helm-");
      Path chartDir = TempFiles.materialise(ctx, chartPath, work.resolve("chart"));
      List<String> valuePaths = new ArrayList<>();
      int index = 0;
      for (String valueFile : options.valueFiles()) {
        // "$ref/path" (multi-source apps): another source's files, mounted at "$ref/" by the
        // caller; normalised from the root so it cannot climb out of that mount into this one.
        String repoPath =
            valueFile.startsWith("$")
                ? RepoPaths.normalize(valueFile)
                : RepoPaths.join(chartPath, valueFile);
        if (!ctx.exists(repoPath)) {
          throw new RenderException(
              "Helm value file '" + valueFile + "' (" + repoPath + ") does not exist");
        }
        Path copy = work.resolve("values-" + index++ + ".yaml");
        Files.write(copy, ctx.read(repoPath));
        valuePaths.add(copy.toString());
      }
      if (!options.values().isEmpty()) {
        Path inline = work.resolve("values-inline.yaml");
        Files.writeString(inline, YAML.writeValueAsString(options.values()));
        valuePaths.add(inline.toString());
      }
      HelmJob job =
          new HelmJob(
              chartDir.toString(),
              releaseName(chartPath, options),
              options.namespace(),
              valuePaths,
              options.parameters());
      return parseOutput(ctx, chartPath, callHelm(ctx, job, chartPath));
    } catch (IOException e) {
      throw new RenderException(
          "cannot prepare Helm chart '" + chartPath + "' on disk: " + e.getMessage(), e);
    } finally {
      TempFiles.deleteQuietly(work);
    }
  }

  private static String releaseName(String chartPath, HelmOptions options) {
    if (options.releaseName() != null && !options.releaseName().isBlank()) {
      return options.releaseName();
    }
    return chartPath.isEmpty() ? "release" : RepoPaths.fileName(chartPath);
  }

  /** Helm's output, bounded by the render's deadline and byte limit (see {@link HelmTemplater}). */
  private static String callHelm(RenderContext ctx, HelmJob job, String chartPath)
      throws RenderException {
    try {
      return ctx.helm.template(job, ctx.deadline, ctx.limits.maxTotalBytes() - ctx.bytesRead());
    } catch (HelmJob.Failed e) {
      throw new RenderException(
          "Helm chart '" + chartPath + "' failed to template: " + e.getMessage());
    }
  }

  /** Splits Helm's output on document markers so each object is named by its template. */
  private static List<SourcedObject> parseOutput(RenderContext ctx, String chartPath, String output)
      throws RenderException {
    List<SourcedObject> objects = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    String source = "helm template " + chartPath;
    for (String line : output.split("\n", -1)) {
      if (line.startsWith("---")) {
        objects.addAll(parseChunk(ctx, source, chunk));
        chunk.setLength(0);
        source = "helm template " + chartPath;
        continue;
      }
      if (line.startsWith("# Source: ")) {
        source =
            "helm template "
                + chartPath
                + " ("
                + line.substring("# Source: ".length()).trim()
                + ")";
      }
      chunk.append(line).append('\n');
    }
    objects.addAll(parseChunk(ctx, source, chunk));
    return objects;
  }

  private static List<SourcedObject> parseChunk(
      RenderContext ctx, String source, StringBuilder chunk) throws RenderException {
    if (chunk.toString().isBlank()) {
      return List.of();
    }
    return RenderContext.objectsOf(
        source, ctx.parse(source, chunk.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
