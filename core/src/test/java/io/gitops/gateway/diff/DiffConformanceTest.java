package io.gitops.gateway.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of ../shared/conformance/diff/expected.tsv gets Argo CD's verdict. */
class DiffConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> rows() {
    List<Arguments> args = new ArrayList<>();
    for (String[] row : Conformance.rows("diff")) {
      args.add(Arguments.of(row[0], row[1], row[2], row[3]));
    }
    if (args.isEmpty()) {
      args.add(Arguments.of(null, null, null, null)); // one row that reports the skip
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} vs {1} [{2}] -> {3}")
  @MethodSource("rows")
  void pairGetsTheListedVerdict(String desiredSpec, String liveFile, String option, String expected)
      throws IOException {
    Conformance.assumePresent("diff");
    String[] desiredParts = desiredSpec.split(" \\+ ", 2);
    Map<String, Object> desired = read(desiredParts[0]);
    List<String> mutatedPaths =
        desiredParts.length > 1 ? mutate(desired, desiredParts[1]) : List.of();
    DiffOptions options =
        switch (option) {
          case "-" -> DiffOptions.defaults();
          case "ignore-aggregated-roles" ->
              DiffOptions.defaults().withIgnore(IgnoreRule.aggregatedClusterRoles());
          default ->
              throw new IllegalArgumentException("unknown option in expected.tsv: " + option);
        };

    ObjectDiff diff = Differ.compare(desired, read(liveFile), options);

    if (expected.startsWith("in-sync")) {
      assertThat(diff.verdict())
          .as("changed paths %s\n%s", diff.changedPaths(), diff.unifiedDiff())
          .isEqualTo(DiffVerdict.IN_SYNC);
    } else {
      assertThat(expected).startsWith("out-of-sync");
      assertThat(diff.verdict()).isEqualTo(DiffVerdict.MODIFIED);
      assertThat(diff.changedPaths()).containsAll(mutatedPaths);
      assertThat(diff.unifiedDiff()).isNotBlank();
    }
  }

  @Test
  void corpusIsThere() {
    Conformance.assumePresent("diff");
    assertThat(Conformance.rows("diff")).hasSizeGreaterThanOrEqualTo(11);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String file) throws IOException {
    return JSON.readValue(
        Conformance.ROOT.resolve("diff").resolve(file).toFile(), LinkedHashMap.class);
  }

  /** Applies "a.b.c=value" and "a.b.c removed" edits; returns the JSON pointers they touch. */
  @SuppressWarnings("unchecked")
  private static List<String> mutate(Map<String, Object> object, String edits) {
    List<String> pointers = new ArrayList<>();
    for (String edit : edits.split(",\\s*")) {
      boolean removal = edit.endsWith(" removed");
      String path =
          removal
              ? edit.substring(0, edit.length() - " removed".length()).strip()
              : edit.substring(0, edit.indexOf('='));
      String[] segments = path.split("\\.");
      Map<String, Object> parent = object;
      for (int i = 0; i < segments.length - 1; i++) {
        parent =
            (Map<String, Object>) parent.computeIfAbsent(segments[i], k -> new LinkedHashMap<>());
      }
      String last = segments[segments.length - 1];
      if (removal) {
        parent.remove(last);
      } else {
        parent.put(last, edit.substring(edit.indexOf('=') + 1));
      }
      pointers.add("/" + String.join("/", segments));
    }
    return pointers;
  }
}
