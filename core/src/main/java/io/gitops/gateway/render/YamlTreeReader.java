package io.gitops.gateway.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.gitops.gateway.tree.DeepCopy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML (all documents) or JSON into plain maps and lists, the way Kubernetes tools see them.
 *
 * <p>It builds the tree itself from Jackson's token stream rather than with {@code readTree}
 * because Jackson reports a YAML alias as the anchor's name instead of its value. Expanding aliases
 * here lets us count every node produced: an alias bomb stops at {@code maxNodesPerFile} instead of
 * filling the heap. Duplicate keys are refused, as {@code kubectl} does.
 */
final class YamlTreeReader {
  private final RenderLimits limits;
  private final YAMLFactory yamlFactory;
  private final JsonFactory jsonFactory = new JsonFactory();

  YamlTreeReader(RenderLimits limits) {
    this.limits = limits;
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(limits.maxAliasesPerFile());
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()));
    options.setAllowDuplicateKeys(false);
    this.yamlFactory =
        new AnchorAwareYamlFactory(
            YAMLFactory.builder()
                .loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL));
  }

  /** Every document of the file, in order; an empty document is a null entry. */
  List<Object> read(String fileName, byte[] content) throws RenderException {
    boolean json = fileName.endsWith(".json");
    try (JsonParser parser =
        json ? jsonFactory.createParser(content) : yamlFactory.createParser(content)) {
      List<Object> documents = new ArrayList<>();
      Budget budget = new Budget(fileName);
      while (parser.nextToken() != null) {
        budget.anchors.clear(); // anchors are scoped to one document
        documents.add(value(parser, budget));
      }
      return documents;
    } catch (JsonProcessingException e) {
      throw new RenderException(
          fileName
              + ": malformed "
              + (json ? "JSON" : "YAML")
              + where(e.getLocation())
              + ": "
              + firstLine(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML's own limits (code points, nesting) surface as runtime exceptions.
      throw new RenderException(
          fileName
              + ": cannot read "
              + (json ? "JSON" : "YAML")
              + ": "
              + firstLine(e.getMessage()));
    }
  }

  private Object value(JsonParser p, Budget budget) throws IOException, RenderException {
    String anchor = p instanceof AnchorAwareYamlFactory.Parser y ? y.nodeAnchor() : null;
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      return budget.expandAlias(p.getText(), p.currentTokenLocation());
    }
    int before = budget.nodes;
    budget.count(p);
    Object value =
        switch (p.currentToken()) {
          case START_OBJECT -> mapping(p, budget);
          case START_ARRAY -> sequence(p, budget);
          case VALUE_STRING -> p.getText();
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
          case VALUE_TRUE -> Boolean.TRUE;
          case VALUE_FALSE -> Boolean.FALSE;
          case VALUE_NULL -> null;
          case VALUE_EMBEDDED_OBJECT ->
              p.getEmbeddedObject() instanceof byte[] bytes
                  ? Base64.getEncoder().encodeToString(bytes)
                  : String.valueOf(p.getEmbeddedObject());
          default ->
              throw new RenderException(
                  budget.file
                      + where(p.currentTokenLocation())
                      + ": unexpected "
                      + p.currentToken());
        };
    if (anchor != null) {
      budget.anchors.put(anchor, new Anchored(value, budget.nodes - before));
    }
    return value;
  }

  private Map<String, Object> mapping(JsonParser p, Budget budget)
      throws IOException, RenderException {
    Map<String, Object> map = new LinkedHashMap<>();
    List<Object> merges = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonLocation at = p.currentTokenLocation();
      p.nextToken();
      Object value = value(p, budget);
      if (key.equals("<<") && p instanceof YAMLParser) {
        merges.add(value); // YAML merge key: explicit keys win, applied after the loop
        continue;
      }
      if (map.containsKey(key)) {
        throw new RenderException(budget.file + where(at) + ": duplicate key '" + key + "'");
      }
      map.put(key, value);
    }
    for (Object merge : merges) {
      for (Object source : merge instanceof List<?> l ? l : List.of(merge)) {
        if (source instanceof Map<?, ?> m) {
          m.forEach((k, v) -> map.putIfAbsent(String.valueOf(k), v));
        }
      }
    }
    return map;
  }

  private List<Object> sequence(JsonParser p, Budget budget) throws IOException, RenderException {
    List<Object> list = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      list.add(value(p, budget));
    }
    return list;
  }

  static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  private record Anchored(Object value, int nodes) {}

  /** Counts nodes and aliases of one file against the limits. */
  private final class Budget {
    final String file;
    final Map<String, Anchored> anchors = new HashMap<>();
    int nodes;
    int aliases;

    Budget(String file) {
      this.file = file;
    }

    void count(JsonParser p) throws RenderException {
      if (++nodes > limits.maxNodesPerFile()) {
        throw tooBig(p.currentTokenLocation());
      }
    }

    Object expandAlias(String name, JsonLocation at) throws RenderException {
      Anchored anchored = anchors.get(name);
      if (anchored == null) {
        throw new RenderException(file + where(at) + ": unknown YAML alias '*" + name + "'");
      }
      if (anchored.value instanceof Map<?, ?> || anchored.value instanceof List<?>) {
        if (++aliases > limits.maxAliasesPerFile()) {
          throw new RenderException(
              file
                  + where(at)
                  + ": more than "
                  + limits.maxAliasesPerFile()
                  + " YAML aliases to collections; refusing a possible alias bomb");
        }
      }
      // Checked before copying: this is what keeps an alias bomb from allocating anything.
      if ((long) nodes + anchored.nodes > limits.maxNodesPerFile()) {
        throw tooBig(at);
      }
      nodes += anchored.nodes;
      return DeepCopy.of(anchored.value);
    }

    private RenderException tooBig(JsonLocation at) {
      return new RenderException(
          file
              + where(at)
              + ": YAML expands to more than "
              + limits.maxNodesPerFile()
              + " nodes; refusing a possible alias bomb");
    }
  }
}
