package io.gitops.gateway.support;

import com.marcnuri.helm.Helm;
import io.gitops.gateway.render.ChartArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Charts packaged by the real Helm library (helm-java's {@code package}) and a chart repository's
 * {@code index.yaml} listing them with their SHA-256 digests, as {@code helm repo index} writes it.
 */
public final class TestCharts {
  private TestCharts() {}

  /** A chart whose one ConfigMap {@code NAME-cm} shows its version and a value. */
  public static byte[] configMapChart(Path work, String name, String version) throws IOException {
    return chart(work, name, version, "", Map.of());
  }

  /**
   * A chart with {@code chartYamlExtra} appended to its Chart.yaml (e.g. dependencies) and extra
   * files; the template {@code NAME-cm} ConfigMap shows {@code .Chart.Version} and {@code
   * .Values.greeting}.
   */
  public static byte[] chart(
      Path work, String name, String version, String chartYamlExtra, Map<String, String> extra)
      throws IOException {
    Path dir = Files.createTempDirectory(work, "chart-");
    Path chart = dir.resolve(name);
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"),
        "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n" + chartYamlExtra);
    Files.writeString(chart.resolve("values.yaml"), "greeting: hello\n");
    Files.writeString(
        chart.resolve("templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
            + name
            + "-cm\ndata:\n  version: \"{{ .Chart.Version }}\"\n"
            + "  greeting: \"{{ .Values.greeting }}\"\n");
    for (var e : extra.entrySet()) {
      Path file = chart.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    new Helm(chart).packageIt().withDestination(dir).call();
    return Files.readAllBytes(dir.resolve(name + "-" + version + ".tgz"));
  }

  /**
   * A chart archive written directly (ustar + gzip, as Helm's own): for a chart Helm would not
   * package, such as one whose dependencies are not vendored.
   */
  public static byte[] unvendored(String name, String version, String chartYamlExtra) {
    java.util.Map<String, byte[]> files = new java.util.TreeMap<>();
    files.put(
        name + "/Chart.yaml",
        ("apiVersion: v2\nname: " + name + "\nversion: " + version + "\n" + chartYamlExtra)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    files.put(
        name + "/values.yaml",
        "greeting: hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    files.put(
        name + "/templates/cm.yaml",
        ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
                + name
                + "-cm\ndata:\n  version: \"{{ .Chart.Version }}\"\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return ChartArchive.pack(files);
  }

  /** One entry of an index: the chart's name, version, archive and the URL the index gives. */
  public record Entry(String name, String version, byte[] tgz, String url) {}

  /** {@code index.yaml} with each entry's digest computed from its archive. */
  public static String index(List<Entry> entries) {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nentries:\n");
    entries.stream()
        .map(Entry::name)
        .distinct()
        .forEach(
            name -> {
              yaml.append("  ").append(name).append(":\n");
              for (Entry e : entries) {
                if (e.name().equals(name)) {
                  yaml.append("  - apiVersion: v2\n    name: ")
                      .append(name)
                      .append("\n    version: ")
                      .append(e.version())
                      .append("\n    digest: ")
                      .append(ChartArchive.sha256(e.tgz()))
                      .append("\n    urls:\n    - ")
                      .append(e.url())
                      .append('\n');
                }
              }
            });
    return yaml.append("generated: \"2026-01-01T00:00:00Z\"\n").toString();
  }
}
