package io.gitops.gateway.health.lua;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * One compiled health script. The compiled {@link Prototype} is immutable and shared by every call;
 * each call builds its own closure and sandbox around it, so any number of threads may call {@link
 * #assess} at once. A script that does not compile still exists: it answers Unknown with the
 * compiler's message, so a typo shows up on the object instead of vanishing.
 */
final class HealthScript {
  /**
   * Per call. A tight loop runs ~150 million instructions a second under the hook once the JIT has
   * warmed up (~30 million on the first calls), so an endless loop is cut off after ~70 ms warm
   * (~300 ms cold). Real health scripts use a few hundred instructions.
   */
  static final long INSTRUCTION_BUDGET = 10_000_000;

  private static final Globals COMPILER = compiler();
  private static final String VALID =
      Arrays.stream(HealthStatus.values())
          .map(HealthStatus::label)
          .collect(Collectors.joining(", "));

  private final String name;
  private final Prototype prototype;
  private final String compileError;

  private HealthScript(String name, Prototype prototype, String compileError) {
    this.name = name;
    this.prototype = prototype;
    this.compileError = compileError;
  }

  /** Compiles source text; bytecode is refused (luaj's compiler reads text only). */
  static HealthScript compile(String name, String source) {
    if (source.startsWith("\033Lua")) {
      return new HealthScript(name, null, "precompiled bytecode is not accepted, only Lua source");
    }
    try {
      Prototype p;
      synchronized (COMPILER) {
        // '@' makes luaj name the chunk plainly instead of as [string "..."]
        p = COMPILER.compilePrototype(new StringReader(source), "@" + name);
      }
      return new HealthScript(name, p, null);
    } catch (RuntimeException | java.io.IOException e) {
      return new HealthScript(
          name, null, "does not compile" + located(name, String.valueOf(e.getMessage())));
    }
  }

  String name() {
    return name;
  }

  HealthResult assess(Map<String, Object> object) {
    if (compileError != null) {
      return unknown(compileError);
    }
    CallBudget budget = new CallBudget(INSTRUCTION_BUDGET);
    Globals env = LuaSandbox.environment(LuaObjects.toLua(object), budget);
    try {
      return verdict(budget.during(() -> new LuaClosure(prototype, env).call()));
    } catch (CallBudget.BudgetExceeded e) {
      return unknown(e.getMessage());
    } catch (LuaError e) {
      return unknown("failed" + located(name, String.valueOf(e.getMessage())));
    } catch (StackOverflowError e) {
      return unknown("failed: stack overflow");
    } catch (RuntimeException e) {
      return unknown("failed: " + e);
    }
  }

  private HealthResult verdict(LuaValue out) {
    if (!out.istable()) {
      return unknown(
          "returned "
              + (out.isnil() ? "nothing" : "a " + out.typename())
              + " instead of a table with a status");
    }
    LuaValue status = out.rawget("status");
    if (status.isnil()) {
      return unknown("returned no status");
    }
    String label = status.tojstring();
    for (HealthStatus s : HealthStatus.values()) {
      if (s.label().equals(label)) {
        LuaValue message = out.rawget("message");
        return new HealthResult(s, message.isnil() ? "" : message.tojstring());
      }
    }
    return unknown("returned status '" + label + "', which is not one of " + VALID);
  }

  private HealthResult unknown(String reason) {
    return new HealthResult(HealthStatus.UNKNOWN, "health script " + name + " " + reason);
  }

  /**
   * luaj prefixes messages with "chunk:line"; the script is already named, so say "at line N". Also
   * spells out the end-of-file token, which luaj prints as a raw token number.
   */
  static String located(String name, String message) {
    String m = message.strip().replaceAll("symbol 286 \\(.\\)", "end of script");
    for (String prefix : new String[] {"@" + name + ":", name + ":"}) {
      if (m.startsWith(prefix)) {
        java.util.regex.Matcher line = LINE.matcher(m.substring(prefix.length()));
        return line.matches() ? " at line " + line.group(1) + ": " + line.group(2) : ": " + m;
      }
    }
    return ": " + m;
  }

  private static final java.util.regex.Pattern LINE =
      java.util.regex.Pattern.compile("(\\d+):? (.*)", java.util.regex.Pattern.DOTALL);

  private static Globals compiler() {
    Globals g = new Globals();
    LuaC.install(g);
    return g;
  }
}
