package io.gitops.gateway.health.lua;

/**
 * Counts the steps Lua's backtracking matcher takes for one search, by running the same algorithm
 * (lstrlib.c's {@code match}, which luaj follows) without building captures, and giving up once a
 * cap is passed. Counting what really happens, rather than bounding it from the pattern's shape,
 * lets {@code (%w+)-(%w+)…} with eight items through (a few hundred steps) while {@code .-.-.-b} on
 * a long string is still stopped before luaj starts on it.
 *
 * <p>A malformed pattern stops the count where it is: luaj then raises its own error for it.
 */
final class PatternSteps {
  private static final int MAX_CAPTURES = 32;
  private static final int UNFINISHED = -1;
  private static final int POSITION = -2;

  private final byte[] s;
  private final byte[] p;
  private final long cap;
  private final int[] captureStart = new int[MAX_CAPTURES];
  private final int[] captureLength = new int[MAX_CAPTURES];
  private int level;
  private long steps;

  private PatternSteps(byte[] subject, byte[] pattern, long cap) {
    this.s = subject;
    this.p = pattern;
    this.cap = cap;
  }

  /** Thrown once the count passes its cap; the search would run longer than the caller allows. */
  static final class OverCap extends RuntimeException {
    OverCap() {
      super(null, null, false, false);
    }
  }

  /**
   * Steps of a search from {@code start}: up to the first match, or over every start position when
   * {@code everyPosition} (gsub and gmatch go on after a match, never revisiting a position).
   *
   * @throws OverCap when the count passes {@code cap}
   */
  static long count(
      byte[] subject,
      byte[] pattern,
      int start,
      boolean anchorAllowed,
      boolean everyPosition,
      long cap) {
    PatternSteps m = new PatternSteps(subject, pattern, cap);
    boolean anchored = anchorAllowed && pattern.length > 0 && pattern[0] == '^';
    int first = anchored ? 1 : 0;
    try {
      for (int si = start; si <= subject.length; si++) {
        m.level = 0;
        if (m.match(si, first) != -1 && !everyPosition) {
          break;
        }
        if (anchored) {
          break;
        }
      }
    } catch (OverCap e) {
      throw e;
    } catch (RuntimeException malformed) {
      // luaj reports the pattern error itself
    }
    return m.steps;
  }

  private void step() {
    if (++steps > cap) {
      throw new OverCap();
    }
  }

  private int match(int si, int pi) {
    while (true) {
      step();
      if (pi == p.length) {
        return si;
      }
      switch (p[pi]) {
        case '(':
          return pi + 1 < p.length && p[pi + 1] == ')'
              ? startCapture(si, pi + 2, POSITION)
              : startCapture(si, pi + 1, UNFINISHED);
        case ')':
          return endCapture(si, pi + 1);
        case '$':
          if (pi + 1 == p.length) {
            return si == s.length ? si : -1;
          }
          break;
        case '%':
          if (pi + 1 < p.length && p[pi + 1] == 'b') {
            si = matchBalance(si, pi + 2);
            if (si == -1) {
              return -1;
            }
            pi += 4;
            continue;
          }
          if (pi + 1 < p.length && p[pi + 1] == 'f') {
            pi += 2;
            int ep = classEnd(pi);
            int previous = si == 0 ? 0 : s[si - 1] & 0xff;
            int current = si < s.length ? s[si] & 0xff : 0;
            if (singleMatch(previous, pi, ep) || !singleMatch(current, pi, ep)) {
              return -1;
            }
            pi = ep;
            continue;
          }
          if (pi + 1 < p.length && Character.isDigit(p[pi + 1])) {
            si = matchCapture(si, p[pi + 1]);
            if (si == -1) {
              return -1;
            }
            pi += 2;
            continue;
          }
          break;
        default:
          break;
      }
      int ep = classEnd(pi);
      boolean matches = si < s.length && singleMatch(s[si] & 0xff, pi, ep);
      int next = ep < p.length ? p[ep] : 0;
      switch (next) {
        case '?':
          if (matches) {
            int end = match(si + 1, ep + 1);
            if (end != -1) {
              return end;
            }
          }
          pi = ep + 1;
          continue;
        case '*':
          return maxExpand(si, pi, ep);
        case '+':
          return matches ? maxExpand(si + 1, pi, ep) : -1;
        case '-':
          return minExpand(si, pi, ep);
        default:
          if (!matches) {
            return -1;
          }
          si++;
          pi = ep;
      }
    }
  }

  private int maxExpand(int si, int pi, int ep) {
    int i = 0;
    while (si + i < s.length && singleMatch(s[si + i] & 0xff, pi, ep)) {
      step();
      i++;
    }
    for (; i >= 0; i--) {
      int end = match(si + i, ep + 1);
      if (end != -1) {
        return end;
      }
    }
    return -1;
  }

  private int minExpand(int si, int pi, int ep) {
    while (true) {
      int end = match(si, ep + 1);
      if (end != -1) {
        return end;
      }
      if (si < s.length && singleMatch(s[si] & 0xff, pi, ep)) {
        si++;
      } else {
        return -1;
      }
    }
  }

  private int startCapture(int si, int pi, int what) {
    if (level >= MAX_CAPTURES) {
      throw new IllegalArgumentException("too many captures");
    }
    captureStart[level] = si;
    captureLength[level] = what;
    level++;
    int end = match(si, pi);
    if (end == -1) {
      level--;
    }
    return end;
  }

  private int endCapture(int si, int pi) {
    int open = level - 1;
    while (open >= 0 && captureLength[open] != UNFINISHED) {
      open--;
    }
    if (open < 0) {
      throw new IllegalArgumentException("invalid pattern capture");
    }
    captureLength[open] = si - captureStart[open];
    int end = match(si, pi);
    if (end == -1) {
      captureLength[open] = UNFINISHED;
    }
    return end;
  }

  private int matchBalance(int si, int pi) {
    if (pi + 1 >= p.length) {
      throw new IllegalArgumentException("missing arguments to %b");
    }
    if (si >= s.length || s[si] != p[pi]) {
      return -1;
    }
    int open = p[pi];
    int close = p[pi + 1];
    int depth = 1;
    while (++si < s.length) {
      step();
      if (s[si] == close) {
        if (--depth == 0) {
          return si + 1;
        }
      } else if (s[si] == open) {
        depth++;
      }
    }
    return -1;
  }

  private int matchCapture(int si, byte digit) {
    int l = digit - '1';
    if (l < 0 || l >= level || captureLength[l] == UNFINISHED) {
      throw new IllegalArgumentException("invalid capture index");
    }
    int length = captureLength[l] == POSITION ? 0 : captureLength[l];
    if (s.length - si < length) {
      return -1;
    }
    for (int i = 0; i < length; i++) {
      step();
      if (s[captureStart[l] + i] != s[si + i]) {
        return -1;
      }
    }
    return si + length;
  }

  private int classEnd(int pi) {
    byte c = p[pi++];
    if (c == '%') {
      if (pi >= p.length) {
        throw new IllegalArgumentException("malformed pattern (ends with '%')");
      }
      return pi + 1;
    }
    if (c == '[') {
      if (pi < p.length && p[pi] == '^') {
        pi++;
      }
      do {
        if (pi >= p.length) {
          throw new IllegalArgumentException("malformed pattern (missing ']')");
        }
        if (p[pi++] == '%' && pi < p.length) {
          pi++;
        }
      } while (pi >= p.length || p[pi] != ']');
      return pi + 1;
    }
    return pi;
  }

  private boolean singleMatch(int c, int pi, int ep) {
    return switch (p[pi]) {
      case '.' -> true;
      case '%' -> matchClass(c, p[pi + 1] & 0xff);
      case '[' -> matchBracketClass(c, pi, ep - 1);
      default -> (p[pi] & 0xff) == c;
    };
  }

  private boolean matchBracketClass(int c, int pi, int end) {
    boolean found = true;
    if (p[pi + 1] == '^') {
      found = false;
      pi++;
    }
    while (++pi < end) {
      if (p[pi] == '%') {
        pi++;
        if (matchClass(c, p[pi] & 0xff)) {
          return found;
        }
      } else if (p[pi + 1] == '-' && pi + 2 < end) {
        pi += 2;
        if ((p[pi - 2] & 0xff) <= c && c <= (p[pi] & 0xff)) {
          return found;
        }
      } else if ((p[pi] & 0xff) == c) {
        return found;
      }
    }
    return !found;
  }

  private static boolean matchClass(int c, int cl) {
    boolean result;
    switch (Character.toLowerCase(cl)) {
      case 'a' -> result = Character.isLetter(c) && c < 128;
      case 'c' -> result = c < 32 || c == 127;
      case 'd' -> result = c >= '0' && c <= '9';
      case 'g' -> result = c > 32 && c < 127;
      case 'l' -> result = c >= 'a' && c <= 'z';
      case 'p' -> result = c > 32 && c < 127 && !Character.isLetterOrDigit(c);
      case 's' -> result = c == ' ' || (c >= '\t' && c <= '\r');
      case 'u' -> result = c >= 'A' && c <= 'Z';
      case 'w' -> result = c < 128 && Character.isLetterOrDigit(c);
      case 'x' -> result = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
      default -> {
        return cl == c;
      }
    }
    return Character.isUpperCase(cl) ? !result : result;
  }
}
