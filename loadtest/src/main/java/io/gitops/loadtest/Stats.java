package io.gitops.loadtest;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of latencies in nanoseconds (nearest rank). */
public record Stats(int n, double p50Ms, double p99Ms, double maxMs) {
  public static Stats of(long[] nanos) {
    if (nanos.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    return new Stats(s.length, rank(s, 0.50) / 1e6, rank(s, 0.99) / 1e6, s[s.length - 1] / 1e6);
  }

  public static Stats of(Collection<Long> nanos) {
    return of(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  private static long rank(long[] sorted, double p) {
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
  }

  /** "p50 12.3 ms, p99 45.6 ms (max 78.9, n=100)" with seconds for long ones. */
  public String text() {
    if (n == 0) {
      return "no samples";
    }
    return "p50 " + ms(p50Ms) + ", p99 " + ms(p99Ms) + " (max " + ms(maxMs) + ", n=" + n + ")";
  }

  static String ms(double ms) {
    return ms >= 1000 ? String.format("%.2f s", ms / 1000) : String.format("%.1f ms", ms);
  }
}
