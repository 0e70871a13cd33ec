package io.gitops.gateway.appset;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a template app's {@code {{param}}} placeholders in every string (values and label values,
 * not keys). One pass: a parameter's value is inserted as text and never read as a template again,
 * so a cluster label or list element holding {@code {{...}}} cannot reach other parameters. The
 * result is only a candidate: it goes through the same checks as an app written by hand.
 */
public final class Template {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]{1,253})\\s*}}");

  /** A placeholder with no parameter of that name. */
  public static final class MissingParameter extends RuntimeException {
    public MissingParameter(String name) {
      super("template parameter '" + name + "' has no value in this parameter set");
    }
  }

  private Template() {}

  public static JsonObject render(JsonObject template, Map<String, String> params) {
    JsonObject out = new JsonObject();
    template.forEach(e -> out.put(e.getKey(), value(e.getValue(), params)));
    return out;
  }

  private static Object value(Object v, Map<String, String> params) {
    if (v instanceof String s) {
      return fill(s, params);
    }
    if (v instanceof JsonObject o) {
      return render(o, params);
    }
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(x -> out.add(value(x, params)));
      return out;
    }
    return v;
  }

  static String fill(String s, Map<String, String> params) {
    Matcher m = PLACEHOLDER.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = params.get(m.group(1));
      if (value == null) {
        throw new MissingParameter(m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
