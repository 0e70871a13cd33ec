package io.gitops.gateway.health.lua;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The limits of one script call, enforced from luaj's debug hooks (the VM calls them before every
 * instruction and around every call of a closure whose environment carries this object). One
 * instance per call, so no state is shared between threads.
 *
 * <p>Three limits: an instruction count (stops infinite loops deterministically, whatever the
 * machine's load), a call depth (stops runaway recursion before the Java stack does), and the size
 * of a string built by {@code ..} (stops a doubling loop from filling the heap in a few dozen
 * instructions, long before the instruction count would notice).
 */
final class CallBudget extends DebugLib {
  /** Lua 5.1's own limit on nested C calls; health scripts never come close. */
  static final int MAX_DEPTH = 200;

  /** Health messages are short; a megabyte string is a script gone wrong. */
  static final int MAX_STRING_BYTES = 1 << 20;

  /** The budget of the script call running on this thread, for library functions to charge. */
  private static final ThreadLocal<CallBudget> CURRENT = new ThreadLocal<>();

  private final long limit;
  private long remaining;
  private int depth;
  private int[][] codes = new int[16][];
  private LuaValue[][] stacks = new LuaValue[16][];

  CallBudget(long instructions) {
    this.limit = instructions;
    this.remaining = instructions;
  }

  /** Runs a script call with this budget as the thread's current one. */
  <T> T during(java.util.function.Supplier<T> call) {
    CallBudget outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return call.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /**
   * Work done inside a library function, where no instruction hook runs, counted against the
   * current call's budget. Does nothing outside a script call.
   */
  static void charge(long instructions, String what) {
    CallBudget budget = CURRENT.get();
    if (budget != null) {
      budget.remaining -= instructions;
      if (budget.remaining < 0) {
        throw new BudgetExceeded(budget.limit, what);
      }
    }
  }

  /** The error that stops the current call, for work found too long before it starts. */
  static BudgetExceeded usedUp(String what) {
    CallBudget budget = CURRENT.get();
    return new BudgetExceeded(budget == null ? 0 : budget.limit, what);
  }

  /** Instructions left in the current call's budget; unlimited outside a script call. */
  static long remaining() {
    CallBudget budget = CURRENT.get();
    return budget == null ? Long.MAX_VALUE : Math.max(0, budget.remaining);
  }

  @Override
  public void onCall(LuaFunction f) {
    push(null, null);
  }

  @Override
  public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    push(c.p.code, stack);
  }

  @Override
  public void onReturn() {
    if (depth > 0) {
      depth--;
      codes[depth] = null;
      stacks[depth] = null;
    }
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    if (--remaining < 0) {
      throw new BudgetExceeded(limit, "");
    }
    int[] code = depth > 0 ? codes[depth - 1] : null;
    if (code != null && (code[pc] & 0x3f) == Lua.OP_CONCAT) {
      checkConcat(code[pc], stacks[depth - 1]);
    }
  }

  /** luaj asks for a traceback when an error passes a frame; the message alone is what we show. */
  @Override
  public String traceback(int level) {
    return "";
  }

  private void push(int[] code, LuaValue[] stack) {
    if (depth >= MAX_DEPTH) {
      throw new LuaError("stack overflow (calls nested deeper than " + MAX_DEPTH + ")");
    }
    if (depth == codes.length) {
      codes = java.util.Arrays.copyOf(codes, depth * 2);
      stacks = java.util.Arrays.copyOf(stacks, depth * 2);
    }
    codes[depth] = code;
    stacks[depth] = stack;
    depth++;
  }

  private static void checkConcat(int instruction, LuaValue[] stack) {
    long bytes = 0;
    for (int r = Lua.GETARG_B(instruction); r <= Lua.GETARG_C(instruction); r++) {
      LuaValue value = stack[r];
      bytes += value.type() == LuaValue.TSTRING ? value.rawlen() : 0;
    }
    if (bytes > MAX_STRING_BYTES) {
      throw new LuaError("string too long (over " + MAX_STRING_BYTES + " bytes)");
    }
  }

  /**
   * Thrown when the instruction count runs out. An {@link Error}, not a {@code LuaError} or an
   * {@code Exception}: luaj's {@code pcall} catches those, and a script must not be able to catch
   * its own timeout and carry on.
   */
  static final class BudgetExceeded extends Error {
    BudgetExceeded(long limit, String where) {
      super(
          "used up its budget of "
              + limit
              + " instructions"
              + (where.isEmpty() ? " (an endless loop?)" : " in " + where),
          null,
          false,
          false);
    }
  }
}
