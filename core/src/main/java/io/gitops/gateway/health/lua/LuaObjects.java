package io.gitops.gateway.health.lua;

import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Turns a Kubernetes object as Jackson parses it (maps, lists, strings, numbers, booleans) into Lua
 * values the way Argo CD does: maps become tables keyed by string, lists become arrays that start
 * at 1, nulls are absent.
 */
final class LuaObjects {
  private LuaObjects() {}

  static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof String s) {
      return LuaValue.valueOf(s);
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable(0, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() != null && e.getKey() != null) {
          table.rawset(LuaValue.valueOf(e.getKey().toString()), toLua(e.getValue()));
        }
      }
      return table;
    }
    if (value instanceof List<?> list) {
      LuaValue[] items = new LuaValue[list.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = toLua(list.get(i));
      }
      return LuaValue.listOf(items);
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return LuaValue.valueOf(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return l == l.intValue() ? LuaValue.valueOf(l.intValue()) : LuaValue.valueOf(l.doubleValue());
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return LuaValue.valueOf(value.toString());
  }
}
