package io.gitops.gateway.health.lua;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads the YAML tables and fixture folders under src/test/resources/lua. */
final class LuaTestFixtures {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private LuaTestFixtures() {}

  static List<Map<String, Object>> table(String name) {
    try (InputStream in = LuaTestFixtures.class.getResourceAsStream("/lua/" + name)) {
      return YAML.readValue(in, new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path folder(String name) {
    try {
      return Path.of(LuaTestFixtures.class.getResource("/lua/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> object(String apiVersion, String kind, Map<String, Object> spec) {
    return Map.of(
        "apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", "x"), "spec", spec);
  }
}
