package io.gitops.gateway.diff;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Equality of scalars as Kubernetes means it: numbers by value whatever their Java type (1, 1L,
 * 1.0), and, where the field holds a resource quantity, "1" == "1000m" and "1Gi" == "1024Mi".
 */
final class ScalarEquality {
  private ScalarEquality() {}

  static boolean equal(Object desired, Object live, boolean quantity) {
    if (desired == live || desired.equals(live)) {
      return true;
    }
    if (desired instanceof Number a && live instanceof Number b) {
      return decimal(a).compareTo(decimal(b)) == 0;
    }
    if (quantity) {
      BigDecimal a = Quantity.parse(desired);
      BigDecimal b = a == null ? null : Quantity.parse(live);
      return b != null && a.compareTo(b) == 0;
    }
    return false;
  }

  static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }
}
