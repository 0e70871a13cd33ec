package io.gitops.gateway.diff;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ("500m", "0.5", "1Gi", "1024Mi", "1e3") as exact decimals. */
final class Quantity {
  private static final Pattern FORMAT =
      Pattern.compile(
          "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");
  private static final Map<String, BigDecimal> SUFFIX =
      Map.ofEntries(
          Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
          Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
          Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
          Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
          Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
          Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
          Map.entry("n", new BigDecimal("1e-9")),
          Map.entry("u", new BigDecimal("1e-6")),
          Map.entry("m", new BigDecimal("1e-3")),
          Map.entry("k", new BigDecimal("1e3")),
          Map.entry("M", new BigDecimal("1e6")),
          Map.entry("G", new BigDecimal("1e9")),
          Map.entry("T", new BigDecimal("1e12")),
          Map.entry("P", new BigDecimal("1e15")),
          Map.entry("E", new BigDecimal("1e18")));

  private Quantity() {}

  /** The value, or null when the text is not a quantity. */
  static BigDecimal parse(Object value) {
    if (value instanceof Number n) {
      return ScalarEquality.decimal(n);
    }
    if (!(value instanceof String s) || s.isEmpty()) {
      return null;
    }
    Matcher m = FORMAT.matcher(s.strip());
    if (!m.matches()) {
      return null;
    }
    BigDecimal number = new BigDecimal(m.group(2) == null ? m.group(1) : m.group(1) + m.group(2));
    return m.group(3) == null ? number : number.multiply(SUFFIX.get(m.group(3)));
  }
}
