package io.gitops.gateway.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kubernetes label syntax for cluster labels (configuration and admin API alike): a key is an
 * optional DNS prefix and a name of at most 63 characters; a value is empty or at most 63
 * characters of alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric.
 */
public final class LabelSyntax {
  private static final Pattern KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  /** How many labels one cluster may carry: they are shown in every listing. */
  public static final int MAX_LABELS = 64;

  /** A label the syntax refuses: {@code key} names it, {@code reason} says why. */
  public static final class Invalid extends RuntimeException {
    private final String key;

    Invalid(String key, String reason) {
      super(reason);
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  private LabelSyntax() {}

  /** Checks every entry (keys and values must be strings); sorted copy. */
  public static Map<String, String> check(Map<?, ?> labels) {
    if (labels.size() > MAX_LABELS) {
      throw new Invalid(null, "at most " + MAX_LABELS + " labels");
    }
    Map<String, String> out = new TreeMap<>();
    for (var e : labels.entrySet()) {
      if (!(e.getKey() instanceof String key) || !KEY.matcher(key).matches()) {
        throw new Invalid(String.valueOf(e.getKey()), "is not a valid label key");
      }
      if (!(e.getValue() instanceof String value) || !VALUE.matcher(value).matches()) {
        throw new Invalid(
            key,
            "must be a label value: at most 63 characters of letters, digits, '-', '_' and '.'");
      }
      out.put(key, value);
    }
    return out;
  }
}
