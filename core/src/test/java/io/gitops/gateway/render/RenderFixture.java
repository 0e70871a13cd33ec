package io.gitops.gateway.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One rendering case read from src/test/resources/render/<group>/<case>.yaml:
 *
 * <pre>
 * request: {path: app, type: KUSTOMIZE, directory: {...}, helm: {...}}   # path alone = detect
 * limits: {maxFileBytes: 100}                                            # optional overrides
 * files: {app/a.yaml: "..."}                                             # the repository
 * symlinks: {app/link: ../other}
 * expect: [ ...objects... ]      # or
 * error: text the message must contain
 * </pre>
 */
record RenderFixture(
    String name,
    RenderRequest request,
    Map<String, Object> limits,
    Map<String, String> files,
    Map<String, String> symlinks,
    List<Map<String, Object>> expect,
    SourceType expectType,
    List<String> error) {

  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Override
  public String toString() {
    return name;
  }

  static Stream<RenderFixture> all(String group) {
    try {
      Path dir = Path.of(RenderFixture.class.getResource("/render/" + group).toURI());
      try (Stream<Path> paths = Files.list(dir)) {
        return paths
            .filter(p -> p.toString().endsWith(".yaml"))
            .sorted()
            .map(RenderFixture::load)
            .toList()
            .stream();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RenderFixture load(Path file) {
    try {
      RenderFixture raw = YAML.readValue(file.toFile(), RenderFixture.class);
      String name = file.getFileName().toString().replace(".yaml", "");
      return new RenderFixture(
          name,
          raw.request,
          raw.limits,
          raw.files,
          raw.symlinks,
          raw.expect,
          raw.expectType,
          raw.error);
    } catch (IOException e) {
      throw new UncheckedIOException("fixture " + file, e);
    }
  }

  RepoFiles repo() {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    (files == null ? Map.<String, String>of() : files)
        .forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
    return new InMemoryRepoFiles(bytes, symlinks == null ? Map.of() : symlinks);
  }

  RenderLimits renderLimits() {
    RenderLimits d = RenderLimits.defaults();
    Map<String, Object> l = limits == null ? Map.of() : limits;
    return new RenderLimits(
        ((Number) l.getOrDefault("maxFileBytes", d.maxFileBytes())).longValue(),
        ((Number) l.getOrDefault("maxObjects", d.maxObjects())).intValue(),
        ((Number) l.getOrDefault("maxTotalBytes", d.maxTotalBytes())).longValue(),
        ((Number) l.getOrDefault("maxAliasesPerFile", d.maxAliasesPerFile())).intValue(),
        ((Number) l.getOrDefault("maxNodesPerFile", d.maxNodesPerFile())).intValue(),
        ((Number) l.getOrDefault("maxKustomizeDepth", d.maxKustomizeDepth())).intValue());
  }
}
