package io.gitops.gateway.health.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Charges a pattern search to the call's budget before it runs. luaj's matcher is plain Java (the
 * instruction hook never fires inside it) and backtracks: {@code string.find(s, ".-.-.-b")} on a
 * 1,000-byte string runs for minutes. Each repetition item ({@code * + - ?}) can retry at every
 * position, so the worst case is about n^(items + 1) steps for an unanchored search of an n-byte
 * subject; that bound, scaled to what one VM instruction costs, is what we charge. Typical
 * health-script patterns on short messages cost a few hundred instructions.
 */
final class PatternCost extends VarArgFunction {
  /** Matcher steps per VM instruction, measured: one step is much cheaper than one instruction. */
  private static final long STEPS_PER_INSTRUCTION = 20;

  private final String name;
  private final LuaValue search;

  PatternCost(String name, LuaValue search) {
    this.name = name;
    this.search = search;
  }

  @Override
  public Varargs invoke(Varargs args) {
    LuaString subject = args.checkstring(1);
    LuaString pattern = args.checkstring(2);
    boolean plain = name.equals("string.find") && args.arg(4).toboolean();
    int items = plain ? 0 : repetitions(pattern);
    boolean anchored = pattern.rawlen() > 0 && pattern.luaByte(0) == '^';
    long steps = power(subject.rawlen() + 1L, items + (anchored ? 0 : 1));
    CallBudget.charge(
        Math.max(1, steps / STEPS_PER_INSTRUCTION),
        name
            + " (a pattern with "
            + items
            + " repetitions on a "
            + subject.rawlen()
            + "-byte string)");
    return search.invoke(args);
  }

  /** Counts * + - ? outside escapes and sets; may overcount, which only makes the charge safer. */
  static int repetitions(LuaString pattern) {
    int count = 0;
    for (int i = 0; i < pattern.rawlen(); i++) {
      int c = pattern.luaByte(i);
      if (c == '%') {
        i++;
      } else if (c == '[') {
        i = endOfSet(pattern, i);
      } else if (c == '*' || c == '+' || c == '-' || c == '?') {
        count++;
      }
    }
    return count;
  }

  private static int endOfSet(LuaString pattern, int open) {
    int i = open + 1;
    if (i < pattern.rawlen() && pattern.luaByte(i) == '^') {
      i++;
    }
    i++; // a ']' right after '[' or '[^' is a member, not the end
    while (i < pattern.rawlen() && pattern.luaByte(i) != ']') {
      i += pattern.luaByte(i) == '%' ? 2 : 1;
    }
    return i;
  }

  private static long power(long base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      if (result > Long.MAX_VALUE / base) {
        return Long.MAX_VALUE;
      }
      result *= base;
    }
    return result;
  }
}
