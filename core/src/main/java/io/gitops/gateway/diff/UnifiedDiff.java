package io.gitops.gateway.diff;

import java.util.ArrayList;
import java.util.List;

/** A line-based unified diff (LCS) with a few lines of context, as {@code diff -u} prints it. */
final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  static String of(String fromName, List<String> from, String toName, List<String> to) {
    int n = from.size();
    int m = to.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            from.get(i).equals(to.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // One edit script line per entry: ' ', '-' or '+' followed by the text.
    List<String> script = new ArrayList<>();
    List<int[]> positions =
        new ArrayList<>(); // line numbers (1-based) in from and to before this line
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      positions.add(new int[] {i + 1, j + 1});
      if (i < n && j < m && from.get(i).equals(to.get(j))) {
        script.add(" " + from.get(i++));
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        script.add("-" + from.get(i++));
      } else {
        script.add("+" + to.get(j++));
      }
    }
    StringBuilder out =
        new StringBuilder("--- ").append(fromName).append("\n+++ ").append(toName).append('\n');
    int k = 0;
    while (k < script.size()) {
      if (script.get(k).charAt(0) == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      int lastChange = k;
      while (end < script.size() && end - lastChange <= 2 * CONTEXT) {
        if (script.get(end).charAt(0) != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(script.size(), lastChange + CONTEXT + 1);
      hunk(out, script, positions, start, end);
      k = end;
    }
    return out.toString();
  }

  private static void hunk(
      StringBuilder out, List<String> script, List<int[]> positions, int start, int end) {
    int fromCount = 0;
    int toCount = 0;
    for (int k = start; k < end; k++) {
      char c = script.get(k).charAt(0);
      fromCount += c == '+' ? 0 : 1;
      toCount += c == '-' ? 0 : 1;
    }
    out.append("@@ -")
        .append(positions.get(start)[0])
        .append(',')
        .append(fromCount)
        .append(" +")
        .append(positions.get(start)[1])
        .append(',')
        .append(toCount)
        .append(" @@\n");
    for (int k = start; k < end; k++) {
      out.append(script.get(k)).append('\n');
    }
  }
}
