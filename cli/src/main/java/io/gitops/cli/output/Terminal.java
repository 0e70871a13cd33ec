package io.gitops.cli.output;

import java.util.regex.Pattern;

/**
 * Text from the gateway printed for a person: apps' messages, diffs of tenant-controlled manifests
 * and problem details may hold control characters, and an escape sequence (ESC …) printed raw would
 * drive the reader's terminal (retitle it, rewrite lines, hide text). They are shown as '?'. JSON
 * and YAML output escape them instead.
 */
public final class Terminal {
  /** C0 controls but tab and line feed, DEL, and the C1 controls (U+0080–U+009F). */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]");

  private Terminal() {}

  /** Line feeds and tabs kept, every other control character shown as '?'. */
  public static String clean(String text) {
    return text == null ? null : CONTROL.matcher(text).replaceAll("?");
  }

  /** As {@link #clean}, on one line: line breaks and tabs become spaces. */
  public static String oneLine(String text) {
    return text == null ? null : clean(text.replaceAll("[\\r\\n\\t]+", " ")).strip();
  }
}
