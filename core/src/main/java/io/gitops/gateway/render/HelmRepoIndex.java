package io.gitops.gateway.render;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A Helm chart repository's {@code index.yaml}: for each chart name, its versions with the URLs of
 * their archives and their SHA-256 digests. Only the chart asked for is kept.
 */
public final class HelmRepoIndex {
  /** One version of a chart; {@code digest} lower-case hex, empty when the index gives none. */
  public record Entry(String name, String version, List<String> urls, String digest) {}

  private HelmRepoIndex() {}

  /**
   * The versions of {@code chart} in the index (empty when it has none). Streamed: only that
   * chart's entries become a tree, every other chart is skipped token by token, so a large index
   * (Bitnami's is tens of MB) costs its parse, not its size in objects.
   */
  public static List<Entry> versions(byte[] indexYaml, String chart) throws RenderException {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(Math.max(indexYaml.length, 1) + 1);
    loader.setMaxAliasesForCollections(50);
    ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(loader).build());
    List<Entry> out = new ArrayList<>();
    boolean sawEntries = false;
    try (JsonParser p = yaml.getFactory().createParser(indexYaml)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new RenderException("the repository's index.yaml is not a mapping");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("entries") || value != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        sawEntries = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (!name.equals(chart)) {
            p.skipChildren();
            continue;
          }
          JsonNode versions = yaml.readTree(p);
          for (JsonNode e : versions) {
            List<String> urls = new ArrayList<>();
            e.path("urls").forEach(u -> urls.add(u.asText()));
            String version = e.path("version").asText("");
            if (!version.isEmpty() && !urls.isEmpty()) {
              out.add(new Entry(chart, version, urls, e.path("digest").asText("").toLowerCase()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new RenderException("the repository's index.yaml is not valid YAML: " + e.getMessage());
    }
    if (!sawEntries) {
      throw new RenderException("the repository's index.yaml has no 'entries'");
    }
    return out;
  }

  /** The entry {@code constraint} resolves to (newest match), as Helm picks it. */
  public static Optional<Entry> resolve(List<Entry> entries, String constraint) {
    return ChartVersions.newest(constraint, entries.stream().map(Entry::version).toList())
        .flatMap(v -> entries.stream().filter(e -> e.version().equals(v)).findFirst());
  }
}
