package io.gitops.gateway.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subset of JQ path expressions that ignoreDifferences rules use in practice: {@code
 * .spec.replicas}, {@code .metadata.annotations."a/b"}, {@code .a["b"]}, {@code .list[]}, {@code
 * .list[0]}, {@code ?}, pipes, and {@code select(.path == literal)} / {@code != literal}, e.g.
 * {@code .spec.template.spec.containers[] | select(.name == "web") | .image}. Anything else is
 * rejected with a message naming the expression, rather than silently matching nothing.
 */
final class JqPath {
  private static final Map<String, JqPath> CACHE = new ConcurrentHashMap<>();

  private sealed interface Step permits Field, Each, Index, Select {}

  private record Field(String name) implements Step {}

  private record Each() implements Step {}

  private record Index(int index) implements Step {}

  private record Select(List<Step> path, boolean equal, Object literal) implements Step {}

  private record Located(Object node, List<Object> segments) {}

  private final List<Step> steps;

  private JqPath(List<Step> steps) {
    this.steps = steps;
  }

  static JqPath compile(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("ignoreDifferences jqPathExpression is empty");
    }
    return CACHE.computeIfAbsent(expression, e -> new JqPath(new Parser(e).pipeline()));
  }

  /** Marks every node the expression selects in the tree for removal. */
  void mark(Object root) {
    for (Located hit : evaluate(steps, new Located(root, List.of()))) {
      TreeNodes.mark(root, hit.segments());
    }
  }

  private static List<Located> evaluate(List<Step> steps, Located start) {
    List<Located> current = List.of(start);
    for (Step step : steps) {
      List<Located> next = new ArrayList<>();
      for (Located at : current) {
        apply(step, at, next);
      }
      current = next;
    }
    return current;
  }

  private static void apply(Step step, Located at, List<Located> out) {
    if (step instanceof Field f) {
      Object child = TreeNodes.child(at.node(), f.name());
      if (child != null) {
        out.add(new Located(child, append(at.segments(), f.name())));
      }
    } else if (step instanceof Index i) {
      List<Object> list = TreeNodes.asList(at.node());
      if (list != null && i.index() < list.size()) {
        out.add(new Located(list.get(i.index()), append(at.segments(), i.index())));
      }
    } else if (step instanceof Each) {
      List<Object> list = TreeNodes.asList(at.node());
      if (list != null) {
        for (int k = 0; k < list.size(); k++) {
          out.add(new Located(list.get(k), append(at.segments(), k)));
        }
      }
      Map<String, Object> map = TreeNodes.asMap(at.node());
      if (map != null) {
        map.forEach((k, v) -> out.add(new Located(v, append(at.segments(), k))));
      }
    } else if (step instanceof Select s) {
      List<Located> found = evaluate(s.path(), new Located(at.node(), List.of()));
      Object value = found.isEmpty() ? null : found.get(0).node();
      boolean same =
          s.literal() == null
              ? value == null
              : value != null && ScalarEquality.equal(s.literal(), value, false);
      if (same == s.equal()) {
        out.add(at);
      }
    }
  }

  private static List<Object> append(List<Object> segments, Object segment) {
    List<Object> copy = new ArrayList<>(segments.size() + 1);
    copy.addAll(segments);
    copy.add(segment);
    return copy;
  }

  /** A small recursive-descent parser; every error names the expression and the position. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text.strip();
    }

    List<Step> pipeline() {
      List<Step> steps = new ArrayList<>();
      do {
        skipSpaces();
        if (text.startsWith("select(", pos)) {
          steps.add(select());
        } else {
          steps.addAll(path());
        }
        skipSpaces();
      } while (consume('|'));
      if (pos < text.length()) {
        throw error("unexpected '" + text.charAt(pos) + "'");
      }
      return steps;
    }

    private Step select() {
      pos += "select(".length();
      skipSpaces();
      List<Step> path = path();
      skipSpaces();
      boolean equal;
      if (text.startsWith("==", pos)) {
        equal = true;
      } else if (text.startsWith("!=", pos)) {
        equal = false;
      } else {
        throw error("select(...) supports only '== literal' or '!= literal'");
      }
      pos += 2;
      skipSpaces();
      Object literal = literal();
      skipSpaces();
      if (!consume(')')) {
        throw error("missing ')' after select condition");
      }
      return new Select(path, equal, literal);
    }

    private List<Step> path() {
      List<Step> steps = new ArrayList<>();
      if (!consume('.')) {
        throw error("a path starts with '.'");
      }
      if (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        steps.add(new Field(identifier()));
      } else if (pos < text.length() && text.charAt(pos) == '"') {
        steps.add(new Field(quoted()));
      }
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          pos++;
          steps.add(
              new Field(pos < text.length() && text.charAt(pos) == '"' ? quoted() : identifier()));
        } else if (c == '[') {
          pos++;
          skipSpaces();
          if (consume(']')) {
            steps.add(new Each());
          } else if (text.charAt(pos) == '"') {
            steps.add(new Field(quoted()));
            expect(']');
          } else {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
              pos++;
            }
            if (start == pos) {
              throw error("expected an index, a quoted key or ']'");
            }
            steps.add(new Index(Integer.parseInt(text.substring(start, pos))));
            expect(']');
          }
        } else if (c == '?') {
          pos++; // optional access: missing nodes already yield nothing
        } else {
          break;
        }
      }
      return steps;
    }

    private Object literal() {
      if (pos < text.length() && text.charAt(pos) == '"') {
        return quoted();
      }
      int start = pos;
      while (pos < text.length()
          && text.charAt(pos) != ')'
          && !Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      String word = text.substring(start, pos);
      switch (word) {
        case "null":
          return null;
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        default:
          try {
            return new java.math.BigDecimal(word);
          } catch (NumberFormatException e) {
            throw error("expected a string, number, true, false or null but found '" + word + "'");
          }
      }
    }

    private String identifier() {
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos))
              || text.charAt(pos) == '_'
              || text.charAt(pos) == '-')) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a field name");
      }
      return text.substring(start, pos);
    }

    private String quoted() {
      int end = text.indexOf('"', pos + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String value = text.substring(pos + 1, end);
      pos = end + 1;
      return value;
    }

    private void expect(char c) {
      skipSpaces();
      if (!consume(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private boolean consume(char c) {
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "ignoreDifferences jqPathExpression '" + text + "' at position " + pos + ": " + what);
    }
  }
}
