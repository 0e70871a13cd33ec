package io.gitops.gateway.render;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Directory include/exclude globs compiled to RE2/J patterns, which match in time linear in the
 * path: a tenant's {@code *a*a*a*a*a*b} against a long file name cannot stall the render pool as
 * {@code java.nio}'s glob matcher (a backtracking regex) can. The syntax is {@code java.nio}'s
 * (Argo CD's users write the same): {@code *} within a path segment, {@code **} across segments,
 * {@code ?} one character, {@code [a-z]}/{@code [!a-z]} classes, {@code {a,b}} alternatives, {@code
 * \} escapes.
 */
public final class Globs {
  private static final String REGEX_META = "\\^$.|?*+()[]{}";

  private Globs() {}

  /**
   * The glob as an RE2 pattern; IllegalArgumentException naming the fault when it is not a glob.
   */
  public static Pattern compile(String glob) {
    try {
      return Pattern.compile(toRegex(glob));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(e.getDescription(), e);
    }
  }

  static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder("^");
    boolean inGroup = false;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '\\' -> {
          if (i == glob.length()) {
            throw new IllegalArgumentException("no character to escape at the end");
          }
          escape(regex, glob.charAt(i++));
        }
        case '[' -> i = charClass(glob, i, regex);
        case '{' -> {
          if (inGroup) {
            throw new IllegalArgumentException(
                "'{' inside '{…}' (nested alternatives are not supported)");
          }
          regex.append("(?:(?:");
          inGroup = true;
        }
        case '}' -> {
          if (inGroup) {
            regex.append("))");
            inGroup = false;
          } else {
            regex.append('}');
          }
        }
        case ',' -> regex.append(inGroup ? ")|(?:" : ",");
        case '*' -> {
          if (i < glob.length() && glob.charAt(i) == '*') {
            regex.append(".*");
            i++;
          } else {
            regex.append("[^/]*");
          }
        }
        case '?' -> regex.append("[^/]");
        default -> escape(regex, c);
      }
    }
    if (inGroup) {
      throw new IllegalArgumentException("'{' without its '}'");
    }
    return regex.append('$').toString();
  }

  /** {@code [...]} from just after '['; returns the index after ']'. Never matches '/'. */
  private static int charClass(String glob, int start, StringBuilder regex) {
    int i = start;
    regex.append('[');
    if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
      regex.append("^/");
      i++;
    }
    boolean first = true;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      if (c == ']' && !first) {
        regex.append(']');
        return i;
      }
      if (c == '/') {
        throw new IllegalArgumentException("'/' inside '[…]'");
      }
      if (c == '-' && !first && i < glob.length() && glob.charAt(i) != ']') {
        regex.append('-');
      } else {
        char literal = c == '\\' && i < glob.length() ? glob.charAt(i++) : c;
        regex
            .append(literal < 128 && !Character.isLetterOrDigit(literal) ? "\\" : "")
            .append(literal);
      }
      first = false;
    }
    throw new IllegalArgumentException("'[' without its ']'");
  }

  private static void escape(StringBuilder regex, char c) {
    if (REGEX_META.indexOf(c) >= 0) {
      regex.append('\\');
    }
    regex.append(c);
  }
}
