package io.gitops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The one JSON and YAML mapper of the CLI, and small readers of the gateway's JSON. */
public final class Json {
  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  public static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private Json() {}

  /** The text at a path of names, or "" when absent or null (for tables). */
  public static String text(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n.path(p);
    }
    return n.isMissingNode() || n.isNull() ? "" : n.asText();
  }

  /** As {@link #text}, but null when absent (for conditions). */
  public static String textOrNull(JsonNode node, String... path) {
    String t = text(node, path);
    return t.isEmpty() ? null : t;
  }
}
