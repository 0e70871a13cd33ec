package io.gitops.gateway.render;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chart versions and Helm's version constraints (Masterminds semver v3, which Helm uses): {@code
 * 19.x}, {@code ^1.2}, {@code ~1.2.3}, {@code >=1.0 <2.0}, {@code 1.2 - 1.4}, {@code a || b}, an
 * exact version, {@code *}. Missing or wildcard parts make a range ({@code 1.2} is {@code 1.2.x}).
 * A prerelease matches only a constraint that names a prerelease itself. The newest match wins.
 */
public final class ChartVersions {
  private static final Pattern VERSION =
      Pattern.compile(
          "v?([0-9]+|[xX*])(?:\\.([0-9]+|[xX*]))?(?:\\.([0-9]+|[xX*]))?"
              + "(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?");
  private static final Pattern TERM = Pattern.compile("(!=|>=|=>|<=|=<|~>|>|<|=|~|\\^)?\\s*(\\S+)");

  private ChartVersions() {}

  /** A version of the index; {@code pre} is empty for a release. */
  public record Version(long major, long minor, long patch, String pre)
      implements Comparable<Version> {
    /** Empty when the text is not a semantic version (such entries are skipped, as Helm does). */
    public static Optional<Version> parse(String text) {
      Matcher m = VERSION.matcher(text == null ? "" : text.trim());
      if (!m.matches() || isX(m.group(1)) || isX(m.group(2)) || isX(m.group(3))) {
        return Optional.empty();
      }
      return Optional.of(
          new Version(
              Long.parseLong(m.group(1)),
              m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
              m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
              m.group(4) == null ? "" : m.group(4)));
    }

    @Override
    public int compareTo(Version o) {
      int c = Long.compare(major, o.major);
      c = c != 0 ? c : Long.compare(minor, o.minor);
      c = c != 0 ? c : Long.compare(patch, o.patch);
      if (c != 0 || pre.equals(o.pre)) {
        return c;
      }
      if (pre.isEmpty() || o.pre.isEmpty()) {
        return pre.isEmpty() ? 1 : -1; // a release sorts after its prereleases
      }
      return comparePre(pre, o.pre);
    }

    private static int comparePre(String a, String b) {
      String[] x = a.split("\\.");
      String[] y = b.split("\\.");
      for (int i = 0; i < Math.min(x.length, y.length); i++) {
        boolean nx = x[i].matches("[0-9]+");
        boolean ny = y[i].matches("[0-9]+");
        int c =
            nx && ny
                ? new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]))
                : nx ? -1 : ny ? 1 : x[i].compareTo(y[i]);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(x.length, y.length);
    }
  }

  /** Why a constraint cannot be read; the message quotes it. */
  public static final class InvalidConstraint extends IllegalArgumentException {
    InvalidConstraint(String message) {
      super(message);
    }
  }

  /**
   * The newest of {@code versions} that {@code constraint} admits; an exact string match wins
   * first, as in Helm. Blank or {@code HEAD} means the newest release.
   */
  public static Optional<String> newest(String constraint, Collection<String> versions) {
    String c =
        constraint == null || constraint.isBlank() || constraint.equals("HEAD") ? "*" : constraint;
    if (versions.contains(c.trim())) {
      return Optional.of(c.trim());
    }
    List<List<Term>> any = parse(c);
    String best = null;
    Version bestVersion = null;
    for (String text : versions) {
      Optional<Version> v = Version.parse(text);
      if (v.isEmpty() || !matches(any, v.get())) {
        continue;
      }
      if (bestVersion == null || v.get().compareTo(bestVersion) > 0) {
        best = text;
        bestVersion = v.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /** Checks the constraint's syntax (for a 400 when the app is written). */
  public static void check(String constraint) {
    if (constraint != null && !constraint.isBlank() && !constraint.equals("HEAD")) {
      parse(constraint);
    }
  }

  /** One comparison: {@code low <= v < high} shaped by the operator; bounds null when open. */
  private record Term(String op, Version low, Version high, boolean pre) {}

  private static boolean matches(List<List<Term>> any, Version v) {
    for (List<Term> all : any) {
      boolean ok = v.pre().isEmpty() || all.stream().anyMatch(Term::pre);
      for (Term t : all) {
        ok = ok && holds(t, v);
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(Term t, Version v) {
    int low = v.compareTo(t.low);
    boolean inRange = t.high == null ? low == 0 : low >= 0 && v.compareTo(t.high) < 0;
    return switch (t.op) {
      case "=" -> inRange;
      case "!=" -> !inRange;
      case ">" -> t.high == null ? low > 0 : v.compareTo(t.high) >= 0;
      case ">=" -> low >= 0;
      case "<" -> low < 0;
      case "<=" -> t.high == null ? low <= 0 : v.compareTo(t.high) < 0;
      default -> throw new IllegalStateException(t.op);
    };
  }

  private static List<List<Term>> parse(String constraint) {
    List<List<Term>> any = new ArrayList<>();
    for (String group : constraint.split("\\|\\|")) {
      List<Term> all = new ArrayList<>();
      List<String> tokens = new ArrayList<>();
      for (String t : group.trim().split("[\\s,]+")) {
        int last = tokens.size() - 1;
        if (t.isEmpty()) {
          continue;
        }
        if (last >= 0 && tokens.get(last).matches("!=|>=|=>|<=|=<|~>|>|<|=|~|\\^")) {
          tokens.set(last, tokens.get(last) + t); // ">= 1.2" is ">=1.2"
        } else {
          tokens.add(t);
        }
      }
      for (int i = 0; i < tokens.size(); i++) {
        if (i + 2 < tokens.size() && tokens.get(i + 1).equals("-")) {
          all.add(term(">=", tokens.get(i), constraint));
          all.add(term("<=", tokens.get(i + 2), constraint));
          i += 2;
          continue;
        }
        Matcher m = TERM.matcher(tokens.get(i));
        if (!m.matches()) {
          throw invalid(constraint);
        }
        String op = m.group(1) == null ? "" : m.group(1);
        all.addAll(expand(op, m.group(2), constraint));
      }
      if (all.isEmpty()) {
        throw invalid(constraint);
      }
      any.add(all);
    }
    return any;
  }

  /** Tilde and caret become a pair of comparisons; the rest one each. */
  private static List<Term> expand(String op, String text, String constraint) {
    Bounds b = bounds(text, constraint);
    return switch (op) {
      case "~", "~>" -> {
        Version high =
            b.given <= 1 && b.low.major >= 0
                ? new Version(b.low.major + 1, 0, 0, "")
                : new Version(b.low.major, b.low.minor + 1, 0, "");
        yield List.of(new Term(">=", b.low, null, b.pre), new Term("<", high, null, false));
      }
      case "^" -> {
        Version l = b.low;
        Version high;
        if (l.major > 0 || b.given == 1) {
          high = new Version(l.major + 1, 0, 0, "");
        } else if (l.minor > 0 || b.given == 2) {
          high = new Version(0, l.minor + 1, 0, "");
        } else {
          high = new Version(0, 0, l.patch + 1, "");
        }
        yield List.of(new Term(">=", l, null, b.pre), new Term("<", high, null, false));
      }
      case "", "=" -> List.of(new Term("=", b.low, b.high, b.pre));
      case "=>" -> List.of(new Term(">=", b.low, b.high, b.pre));
      case "=<" -> List.of(new Term("<=", b.low, b.high, b.pre));
      default -> List.of(new Term(op, b.low, b.high, b.pre));
    };
  }

  /**
   * {@code low} with wildcards as 0; {@code high} the first version past the wildcard (null for an
   * exact version); {@code given} how many numeric parts were written before a wildcard or the end.
   */
  private record Bounds(Version low, Version high, int given, boolean pre) {}

  private static Bounds bounds(String text, String constraint) {
    Matcher m = VERSION.matcher(text);
    if (!m.matches()) {
      throw invalid(constraint);
    }
    String pre = m.group(4) == null ? "" : m.group(4);
    if (isX(m.group(1))) {
      return new Bounds(new Version(0, 0, 0, ""), new Version(Long.MAX_VALUE, 0, 0, ""), 0, false);
    }
    long major = Long.parseLong(m.group(1));
    if (m.group(2) == null || isX(m.group(2))) {
      return new Bounds(
          new Version(major, 0, 0, pre), new Version(major + 1, 0, 0, ""), 1, !pre.isEmpty());
    }
    long minor = Long.parseLong(m.group(2));
    if (m.group(3) == null || isX(m.group(3))) {
      return new Bounds(
          new Version(major, minor, 0, pre),
          new Version(major, minor + 1, 0, ""),
          2,
          !pre.isEmpty());
    }
    Version exact = new Version(major, minor, Long.parseLong(m.group(3)), pre);
    return new Bounds(exact, null, 3, !pre.isEmpty());
  }

  private static Term term(String op, String text, String constraint) {
    Bounds b = bounds(text, constraint);
    return new Term(op, b.low, b.high, b.pre);
  }

  private static boolean isX(String part) {
    return part != null && (part.equals("x") || part.equals("X") || part.equals("*"));
  }

  private static InvalidConstraint invalid(String constraint) {
    return new InvalidConstraint(
        "'" + constraint + "' is not a chart version or a version constraint");
  }
}
