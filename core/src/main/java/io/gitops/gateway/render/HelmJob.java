package io.gitops.gateway.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code helm template} call on a chart already on disk: what the gateway hands a Helm worker
 * process (as JSON) and what the worker runs. Value files are applied in order, then parameters.
 */
record HelmJob(
    String chartDir,
    String releaseName,
    String namespace,
    List<String> valueFiles,
    Map<String, String> parameters) {

  /** Helm's own failure (a template error, a bad chart): the chart's fault, not a limit's. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  /**
   * Runs Helm in this process. Blocking; unbounded in time and memory, hence the worker process.
   */
  String run() throws Failed {
    TemplateCommand template = new Helm(Path.of(chartDir)).template().withName(releaseName);
    if (namespace != null && !namespace.isBlank()) {
      template.withNamespace(namespace);
    }
    valueFiles.forEach(file -> template.withValuesFile(Path.of(file)));
    // helm-java hands each parameter to Helm separately: a comma in a value stays a comma.
    parameters.forEach(template::set);
    try {
      return template.call();
    } catch (RuntimeException e) {
      throw new Failed(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim());
    }
  }
}
