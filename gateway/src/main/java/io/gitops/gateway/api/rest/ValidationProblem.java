package io.gitops.gateway.api.rest;

import io.gitops.gateway.api.ApiException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a vertx-openapi validation failure into the API's 400: {@code field} is the dotted path of
 * the offending value as the hand-written checks spell it ({@code source.repoURL}, {@code
 * labels.team}, {@code source.helm.valueFiles[0]}) or the parameter's name ({@code limit}, {@code
 * tenant}); {@code detail} is the schema's reason.
 */
final class ValidationProblem {
  // The library's parameter messages all read "... <location> parameter <name> ..."
  private static final Pattern PARAMETER =
      Pattern.compile("(?:path|query|header|cookie) parameter ([^ .]+)");
  // An additionalProperties refusal names the property in its message, not in its location.
  private static final Pattern PROPERTY = Pattern.compile("[Pp]roperty ['\"]([^'\"]+)['\"]");

  private ValidationProblem() {}

  /**
   * A validator's refusal as a 400; anything else (a contract that did not load) is the gateway's
   * fault.
   */
  static Throwable from(Throwable failure) {
    if (!(failure instanceof ValidatorException e)) {
      return failure;
    }
    if (failure instanceof SchemaValidationException s && s.getOutputUnit() != null && isBody(s)) {
      OutputUnit unit = deepest(s.getOutputUnit());
      return new ApiException(400, reason(unit), field(unit));
    }
    Matcher m = PARAMETER.matcher(e.getMessage());
    String field = m.find() ? m.group(1) : (e.getMessage().contains("body") ? "body" : null);
    String detail = e.getMessage();
    if (failure instanceof SchemaValidationException s && s.getOutputUnit() != null) {
      detail = reason(deepest(s.getOutputUnit()));
    }
    return new ApiException(400, detail, field);
  }

  private static boolean isBody(SchemaValidationException e) {
    return !PARAMETER.matcher(e.getMessage()).find();
  }

  /**
   * The most specific error: the one deepest in the schema, then in the instance. The library lists
   * the wrappers too ("Property "source" does not match schema", "A subschema had errors"), whose
   * keyword locations are shorter than the rule that actually failed ({@code .../required}).
   */
  static OutputUnit deepest(OutputUnit root) {
    List<OutputUnit> all = new ArrayList<>();
    flatten(root, all);
    OutputUnit best = root;
    for (OutputUnit unit : all) {
      if (unit.getError() != null && (best.getError() == null || compare(unit, best) > 0)) {
        best = unit;
      }
    }
    return best;
  }

  private static int compare(OutputUnit a, OutputUnit b) {
    int bySchema =
        Integer.compare(
            segments(a.getKeywordLocation()).size(), segments(b.getKeywordLocation()).size());
    return bySchema != 0 ? bySchema : Integer.compare(depth(a), depth(b));
  }

  private static void flatten(OutputUnit unit, List<OutputUnit> into) {
    into.add(unit);
    if (unit.getErrors() != null) {
      unit.getErrors().forEach(u -> flatten(u, into));
    }
  }

  private static int depth(OutputUnit unit) {
    return segments(unit.getInstanceLocation()).size();
  }

  static String field(OutputUnit unit) {
    List<String> path = segments(unit.getInstanceLocation());
    Matcher extra = PROPERTY.matcher(String.valueOf(unit.getError()));
    if (extra.find() && (path.isEmpty() || !path.get(path.size() - 1).equals(extra.group(1)))) {
      path.add(extra.group(1));
    }
    StringBuilder out = new StringBuilder();
    for (String segment : path) {
      if (segment.chars().allMatch(Character::isDigit)) {
        out.append('[').append(segment).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(segment);
      }
    }
    return out.length() == 0 ? "body" : out.toString();
  }

  private static String reason(OutputUnit unit) {
    String error = unit.getError();
    return error == null || error.isBlank() ? "does not match the API's schema" : error;
  }

  /** "#/source/helm/valueFiles/0" or "/source/..." as unescaped segments. */
  private static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer == null) {
      return out;
    }
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    for (String s : p.split("/")) {
      if (!s.isEmpty()) {
        out.add(s.replace("~1", "/").replace("~0", "~"));
      }
    }
    return out;
  }
}
