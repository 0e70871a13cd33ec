package io.gitops.gateway.health.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Charges a pattern search to the call's budget before it runs. luaj's matcher is plain Java (the
 * instruction hook never fires inside it) and backtracks: {@code string.find(s, ".-.-.-b")} on a
 * 1,000-byte string runs for minutes. {@link PatternSteps} counts the steps the search really takes
 * (stopping as soon as the budget is passed), so only a search that really runs long is refused; an
 * earlier bound from the pattern's shape alone (n^(items + 1)) refused ordinary patterns of eight
 * captures on a 20-byte message.
 */
final class PatternCost extends VarArgFunction {
  /**
   * Matcher steps per VM instruction, measured: a step takes ~10 ns in luaj's matcher and in the
   * count, an instruction ~7 ns; charging a step as one instruction also pays for the count.
   */
  static final long STEPS_PER_INSTRUCTION = 1;

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
    String what =
        name
            + " (a pattern with "
            + repetitions(pattern)
            + " repetitions on a "
            + subject.rawlen()
            + "-byte string)";
    CallBudget.charge(
        Math.max(1, steps(args, subject, pattern, what) / STEPS_PER_INSTRUCTION), what);
    return search.invoke(args);
  }

  private long steps(Varargs args, LuaString subject, LuaString pattern, String what) {
    boolean find = name.equals("string.find");
    if (find && args.arg(4).toboolean()) {
      return subject.rawlen();
    }
    long cap = CallBudget.remaining();
    cap =
        cap > Long.MAX_VALUE / STEPS_PER_INSTRUCTION ? Long.MAX_VALUE : cap * STEPS_PER_INSTRUCTION;
    boolean firstMatchOnly = find || name.equals("string.match");
    try {
      return PatternSteps.count(
          bytes(subject),
          bytes(pattern),
          firstMatchOnly ? start(args, subject.rawlen()) : 0,
          !name.equals("string.gmatch"),
          !firstMatchOnly,
          cap);
    } catch (PatternSteps.OverCap e) {
      throw CallBudget.usedUp(what);
    }
  }

  /** Where find and match start (their third argument, 1-based, negative from the end). */
  private static int start(Varargs args, int length) {
    int init = args.optint(3, 1);
    if (init < 0) {
      init = Math.max(length + init + 1, 1);
    } else if (init == 0) {
      init = 1;
    }
    return Math.min(init - 1, length + 1);
  }

  private static byte[] bytes(LuaString s) {
    byte[] copy = new byte[s.rawlen()];
    s.copyInto(0, copy, 0, copy.length);
    return copy;
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
}
