package io.gitops.gateway.health.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * luaj speaks Lua 5.2; Argo CD's scripts were written for gopher-lua's 5.1. These are the 5.1 names
 * they still call, plus the stateless stand-ins the sandbox needs. None holds state.
 */
final class Lua51 {
  static final LuaValue NO_OP =
      new ZeroArgFunction() {
        @Override
        public LuaValue call() {
          return NIL;
        }
      };

  private Lua51() {}

  static LuaTable string(LuaTable string) {
    string.rawset("dump", LuaSandbox.denied("string.dump"));
    string.rawset("rep", new CappedRep(string.rawget("rep")));
    for (String name : new String[] {"find", "match", "gmatch", "gsub"}) {
      string.rawset(name, new PatternCost("string." + name, string.rawget(name)));
    }
    string.rawset("gfind", string.rawget("gmatch"));
    return string;
  }

  static LuaTable table(LuaTable table) {
    // Java loops the instruction hook cannot see: charge them by the length of the table.
    table.rawset("sort", new TableCost("table.sort", table.rawget("sort"), true));
    table.rawset("concat", new TableCost("table.concat", table.rawget("concat"), false));
    table.rawset("unpack", new TableCost("table.unpack", table.rawget("unpack"), false));
    table.rawset(
        "getn",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue t) {
            return valueOf(t.checktable().length());
          }
        });
    table.rawset(
        "maxn",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue t) {
            double max = 0;
            for (LuaValue k = NIL; ; ) {
              Varargs next = t.checktable().next(k);
              if ((k = next.arg1()).isnil()) {
                return valueOf(max);
              }
              max = k.isnumber() ? Math.max(max, k.todouble()) : max;
            }
          }
        });
    return table;
  }

  static LuaTable math(LuaTable math) {
    math.rawset(
        "log10",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue x) {
            return valueOf(Math.log10(x.checkdouble()));
          }
        });
    math.rawset("mod", math.rawget("fmod"));
    // Seeding the shared generator would let one script steer another's numbers.
    math.rawset("randomseed", NO_OP);
    return math;
  }

  /** string.rep that refuses to build a string larger than the concatenation limit. */
  static final class CappedRep extends VarArgFunction {
    private final LuaValue rep;

    CappedRep(LuaValue rep) {
      this.rep = rep;
    }

    @Override
    public Varargs invoke(Varargs args) {
      long size = (long) args.checkstring(1).rawlen() * Math.max(0, args.checkint(2));
      if (size > CallBudget.MAX_STRING_BYTES) {
        throw new LuaError(
            "string.rep result too long (over " + CallBudget.MAX_STRING_BYTES + " bytes)");
      }
      return rep.invoke(args);
    }
  }

  /** os.time as Lua has it: whole seconds (luaj's prints as 1.7E9 and breaks string building). */
  static final class WholeSeconds extends VarArgFunction {
    private final LuaValue time;

    WholeSeconds(LuaValue time) {
      this.time = time;
    }

    @Override
    public Varargs invoke(Varargs args) {
      return org.luaj.vm2.LuaInteger.valueOf((long) Math.floor(time.invoke(args).checkdouble(1)));
    }
  }

  /** Charges a table function n (or n log n, for sorting) instructions for an n-element table. */
  static final class TableCost extends VarArgFunction {
    private final String name;
    private final LuaValue function;
    private final boolean sorts;

    TableCost(String name, LuaValue function, boolean sorts) {
      this.name = name;
      this.function = function;
      this.sorts = sorts;
    }

    @Override
    public Varargs invoke(Varargs args) {
      long n = args.checktable(1).length();
      long log = sorts ? 64 - Long.numberOfLeadingZeros(n + 1) : 1;
      CallBudget.charge(n * log, name + " (a table of " + n + " items)");
      return function.invoke(args);
    }
  }

  /** xpcall without luaj's, which keeps the handler on a thread object shared by all calls. */
  static final class XPcall extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaValue handler = args.arg(2);
      try {
        return varargsOf(TRUE, args.arg1().invoke(args.subargs(3)));
      } catch (LuaError e) {
        return varargsOf(FALSE, handler.call(e.getMessageObject()));
      }
    }
  }

  /** A function that only explains that it is not there. */
  static final class Fail extends VarArgFunction {
    private final String message;

    Fail(String message) {
      this.message = message;
    }

    @Override
    public Varargs invoke(Varargs args) {
      throw new LuaError(message);
    }
  }

  /** __index/__newindex of a denied library: names the field that was reached for. */
  static final class FailIndex extends TwoArgFunction {
    private final String library;

    FailIndex(String library) {
      this.library = library;
    }

    @Override
    public LuaValue call(LuaValue self, LuaValue key) {
      throw new LuaError(library + "." + key.tojstring() + " is not available in health scripts");
    }
  }
}
