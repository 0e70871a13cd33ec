package io.gitops.gateway.health.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * The world a health script sees: {@code obj}, a safe subset of the base library, {@code string},
 * {@code table}, {@code math}, {@code os.time}, {@code os.date} and the Lua 5.1 names Argo CD's
 * scripts still use. Nothing that reaches files, processes, the network, Java or bytecode.
 *
 * <p>luaj's {@code Globals} are not thread-safe, so the libraries are built once into a private
 * template and every call gets a fresh {@code Globals} with fresh library tables that read through
 * to the shared ones. The shared tables are never reachable from a script (getmetatable is answered
 * with "sandboxed"), and the shared functions hold no mutable state. A script that assigns {@code
 * string.x} or a global changes its own call's tables, never another's.
 */
final class LuaSandbox {
  private static final String[] BASE = {
    "assert",
    "error",
    "getmetatable",
    "ipairs",
    "next",
    "pairs",
    "pcall",
    "rawequal",
    "rawget",
    "rawlen",
    "rawset",
    "select",
    "setmetatable",
    "tonumber",
    "tostring",
    "type",
    "_VERSION"
  };
  private static final String[] DENIED_FUNCTIONS = {
    "require", "dofile", "loadfile", "load", "loadstring", "module", "collectgarbage"
  };
  private static final String[] DENIED_LIBRARIES = {
    "io", "debug", "coroutine", "package", "luajava"
  };
  private static final String[] DENIED_OS = {
    "execute", "exit", "getenv", "remove", "rename", "tmpname", "setlocale"
  };

  private static final LuaTable BASE_FUNCTIONS;
  private static final LuaTable STRING;
  private static final LuaTable TABLE;
  private static final LuaTable MATH;
  private static final LuaTable OS;
  private static final LuaTable BASE_META;
  private static final LuaTable STRING_META;
  private static final LuaTable TABLE_META;
  private static final LuaTable MATH_META;
  private static final LuaTable OS_META;
  private static final LuaTable STRING_METHODS;

  static {
    Globals template = new Globals();
    template.load(new BaseLib());
    template.load(new PackageLib());
    template.load(new StringLib());
    template.load(new TableLib());
    template.load(new JseMathLib());
    template.load(new JseOsLib());
    BASE_FUNCTIONS = pick(template, BASE);
    BASE_FUNCTIONS.rawset("print", Lua51.NO_OP);
    BASE_FUNCTIONS.rawset("xpcall", new Lua51.XPcall());
    for (String name : DENIED_FUNCTIONS) {
      BASE_FUNCTIONS.rawset(name, denied(name));
    }
    for (String name : DENIED_LIBRARIES) {
      BASE_FUNCTIONS.rawset(name, deniedLibrary(name));
    }
    STRING = Lua51.string(copy(template.get("string").checktable()));
    TABLE = Lua51.table(copy(template.get("table").checktable()));
    BASE_FUNCTIONS.rawset("unpack", TABLE.rawget("unpack"));
    MATH = Lua51.math(copy(template.get("math").checktable()));
    OS = pick(template.get("os"), new String[] {"date"});
    OS.rawset("time", new Lua51.WholeSeconds(template.get("os").get("time")));
    for (String name : DENIED_OS) {
      OS.rawset(name, denied("os." + name));
    }
    BASE_META = metaFor(BASE_FUNCTIONS);
    STRING_META = metaFor(STRING);
    TABLE_META = metaFor(TABLE);
    MATH_META = metaFor(MATH);
    OS_META = metaFor(OS);
    // Strings share one metatable JVM-wide; point it at the vetted functions and hide it from
    // getmetatable, so no script can reach a table another call also uses.
    STRING_METHODS = metaFor(STRING);
    LuaString.s_metatable = STRING_METHODS;
  }

  private LuaSandbox() {}

  /**
   * A fresh environment for one call; the budget rides along as the debug hook. The globals and the
   * library tables are empty per-call tables that read through (__index) to the shared ones: a
   * script's writes land in its own tables, and building an environment costs a handful of
   * allocations instead of copying a hundred entries.
   */
  static Globals environment(LuaValue obj, CallBudget budget) {
    if (LuaString.s_metatable != STRING_METHODS) {
      // other luaj users in this JVM (a StringLib loaded elsewhere) replace it with an unguarded
      // one
      LuaString.s_metatable = STRING_METHODS;
    }
    Globals g = new Globals();
    g.setmetatable(BASE_META);
    g.rawset("_G", g);
    g.rawset("string", readThrough(STRING_META));
    g.rawset("table", readThrough(TABLE_META));
    g.rawset("math", readThrough(MATH_META));
    g.rawset("os", readThrough(OS_META));
    g.rawset("obj", obj);
    g.debuglib = budget;
    return g;
  }

  private static LuaTable readThrough(LuaTable meta) {
    LuaTable t = new LuaTable();
    t.setmetatable(meta);
    return t;
  }

  /**
   * The metatable of a per-call table; __metatable keeps getmetatable from handing out the shared
   * table.
   */
  private static LuaTable metaFor(LuaTable shared) {
    LuaTable meta = new LuaTable();
    meta.rawset(LuaValue.INDEX, shared);
    meta.rawset(LuaValue.METATABLE, LuaValue.valueOf("sandboxed"));
    return meta;
  }

  static LuaValue denied(String name) {
    return new Lua51.Fail(name + " is not available in health scripts");
  }

  /** A userdata, not a table: rawset cannot change it, and any field access explains itself. */
  private static LuaValue deniedLibrary(String name) {
    LuaTable meta = new LuaTable();
    meta.rawset(LuaValue.INDEX, new Lua51.FailIndex(name));
    meta.rawset(LuaValue.NEWINDEX, new Lua51.FailIndex(name));
    meta.rawset(LuaValue.METATABLE, LuaValue.valueOf("sandboxed"));
    return new LuaUserdata(name, meta);
  }

  private static LuaTable pick(LuaValue from, String[] names) {
    LuaTable to = new LuaTable();
    for (String name : names) {
      LuaValue value = from.rawget(name);
      if (value.isnil()) {
        throw new LuaError("luaj lacks " + name);
      }
      to.rawset(name, value);
    }
    return to;
  }

  static LuaTable copy(LuaTable from) {
    LuaTable to = new LuaTable(0, from.keyCount());
    copyInto(from, to);
    return to;
  }

  private static void copyInto(LuaTable from, LuaTable to) {
    LuaValue k = LuaValue.NIL;
    while (true) {
      var next = from.next(k);
      if ((k = next.arg1()).isnil()) {
        return;
      }
      to.rawset(k, next.arg(2));
    }
  }
}
