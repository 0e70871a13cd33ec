package io.gitops.gateway.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Helm charts rendered in-process by the real Helm library (helm-java). Helm needs the chart on
 * disk, so the chart's subtree is copied out of the repository into a private temporary directory
 * (through the same size limits as every other read) and deleted afterwards.
 */
final class HelmSource {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private HelmSource() {}

  static List<SourcedObject> render(RenderContext ctx, String chartPath, HelmOptions options) throws RenderException {
    String prefix = chartPath.isEmpty() ? "" : chartPath + "/";
    if (!ctx.exists(prefix + "Chart.yaml")) {
      throw new RenderException("path '" + chartPath + "' is not a Helm chart: it has no Chart.yaml");
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("gitops-helm-");
      Path chartDir = TempFiles.materialise(ctx, chartPath, work.resolve("chart"));
      TemplateCommand template = new Helm(chartDir).template()
          .withName(releaseName(chartPath, options));
      if (options.namespace() != null && !options.namespace().isBlank()) {
        template.withNamespace(options.namespace());
      }
      int index = 0;
      for (String valueFile : options.valueFiles()) {
        String repoPath = RepoPaths.join(chartPath, valueFile);
        if (!ctx.exists(repoPath)) {
          throw new RenderException("Helm value file '" + valueFile + "' (" + repoPath + ") does not exist");
        }
        Path copy = work.resolve("values-" + index++ + ".yaml");
        Files.write(copy, ctx.read(repoPath));
        template.withValuesFile(copy);
      }
      if (!options.values().isEmpty()) {
        Path inline = work.resolve("values-inline.yaml");
        Files.writeString(inline, YAML.writeValueAsString(options.values()));
        template.withValuesFile(inline);
      }
      for (Map.Entry<String, String> parameter : options.parameters().entrySet()) {
        // helm-java hands each parameter to Helm separately: a comma in a value stays a comma.
        template.set(parameter.getKey(), parameter.getValue());
      }
      return parseOutput(ctx, chartPath, callHelm(template, chartPath));
    } catch (IOException e) {
      throw new RenderException("cannot prepare Helm chart '" + chartPath + "' on disk: " + e.getMessage(), e);
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

  private static String callHelm(TemplateCommand template, String chartPath) throws RenderException {
    try {
      return template.call();
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
      throw new RenderException("Helm chart '" + chartPath + "' failed to template: " + message);
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
        source = "helm template " + chartPath + " (" + line.substring("# Source: ".length()).trim() + ")";
      }
      chunk.append(line).append('\n');
    }
    objects.addAll(parseChunk(ctx, source, chunk));
    return objects;
  }

  private static List<SourcedObject> parseChunk(RenderContext ctx, String source, StringBuilder chunk)
      throws RenderException {
    if (chunk.toString().isBlank()) {
      return List.of();
    }
    return RenderContext.objectsOf(source, ctx.parse(source, chunk.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
