package io.gitops.gateway.appset;

import io.gitops.gateway.render.Globs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An app set as a tenant writes it, in Argo CD's ApplicationSet field names: {@code template} (an
 * app body as {@code POST …/apps} takes, with {@code {{param}}} placeholders), {@code generators},
 * an optional {@code strategy} (RollingSync steps) and {@code
 * syncPolicy.preserveResourcesOnDeletion}. Every value is tenant input: parsing refuses what is
 * malformed or hostile with the field named.
 */
public record AppSetSpec(
    JsonObject template,
    List<Generator> generators,
    List<RolloutStep> steps,
    boolean preserveResourcesOnDeletion) {

  static final int MAX_GENERATORS = 10;
  static final int MAX_ELEMENTS = 1_000;
  static final int MAX_DIRECTORY_GLOBS = 20;
  static final int MAX_STEPS = 10;

  /** A refused field: {@code field} is its dotted path, the message says why. */
  public static final class Invalid extends RuntimeException {
    private final String field;

    public Invalid(String field, String reason) {
      super(reason);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  public static AppSetSpec parse(JsonObject body) {
    if (body == null) {
      throw new Invalid("body", "a JSON object body is required");
    }
    known(body, "", Set.of("template", "generators", "strategy", "syncPolicy"));
    if (!(body.getValue("template") instanceof JsonObject template)) {
      throw new Invalid("template", "is required: an app body whose strings may hold {{param}}");
    }
    if (!(template.getValue("name") instanceof String name) || name.isBlank()) {
      throw new Invalid("template.name", "is required (e.g. \"{{cluster}}-guestbook\")");
    }
    JsonArray gens = array(body, "generators", "generators");
    if (gens.isEmpty() || gens.size() > MAX_GENERATORS) {
      throw new Invalid("generators", "give 1 to " + MAX_GENERATORS + " generators");
    }
    List<Generator> generators = new ArrayList<>();
    for (int i = 0; i < gens.size(); i++) {
      generators.add(generator(gens.getValue(i), "generators[" + i + "]", true));
    }
    boolean preserve = false;
    if (body.getValue("syncPolicy") != null) {
      JsonObject policy = object(body.getValue("syncPolicy"), "syncPolicy");
      known(policy, "syncPolicy.", Set.of("preserveResourcesOnDeletion"));
      preserve = Boolean.TRUE.equals(policy.getValue("preserveResourcesOnDeletion"));
    }
    return new AppSetSpec(template.copy(), List.copyOf(generators), steps(body), preserve);
  }

  private static Generator generator(Object value, String at, boolean matrixAllowed) {
    JsonObject g = object(value, at);
    if (g.size() != 1) {
      throw new Invalid(at, "give exactly one of list, clusters, git, matrix");
    }
    String kind = g.fieldNames().iterator().next();
    JsonObject body = object(g.getValue(kind), at + "." + kind);
    String here = at + "." + kind;
    return switch (kind) {
      case "list" -> list(body, here);
      case "clusters" -> clusters(body, here);
      case "git" -> git(body, here);
      case "matrix" -> {
        if (!matrixAllowed) {
          throw new Invalid(here, "a matrix inside a matrix is not supported");
        }
        known(body, here + ".", Set.of("generators"));
        JsonArray two = array(body, "generators", here + ".generators");
        if (two.size() != 2) {
          throw new Invalid(here + ".generators", "a matrix combines exactly two generators");
        }
        yield new Generator.Matrix(
            generator(two.getValue(0), here + ".generators[0]", false),
            generator(two.getValue(1), here + ".generators[1]", false));
      }
      default ->
          throw new Invalid(
              at + "." + kind, "unknown generator (known: list, clusters, git, matrix)");
    };
  }

  private static Generator list(JsonObject body, String at) {
    known(body, at + ".", Set.of("elements"));
    JsonArray elements = array(body, "elements", at + ".elements");
    if (elements.size() > MAX_ELEMENTS) {
      throw new Invalid(at + ".elements", "at most " + MAX_ELEMENTS + " elements");
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      out.add(strings(elements.getValue(i), at + ".elements[" + i + "]"));
    }
    return new Generator.ListOf(List.copyOf(out));
  }

  private static Generator clusters(JsonObject body, String at) {
    known(body, at + ".", Set.of("selector"));
    Map<String, String> match = Map.of();
    if (body.getValue("selector") != null) {
      JsonObject selector = object(body.getValue("selector"), at + ".selector");
      known(selector, at + ".selector.", Set.of("matchLabels"));
      if (selector.getValue("matchLabels") != null) {
        match = strings(selector.getValue("matchLabels"), at + ".selector.matchLabels");
      }
    }
    return new Generator.Clusters(Map.copyOf(match));
  }

  private static Generator git(JsonObject body, String at) {
    known(body, at + ".", Set.of("repoURL", "revision", "directories"));
    String url = text(body, "repoURL", at + ".repoURL");
    String revision =
        body.getValue("revision") == null ? "HEAD" : text(body, "revision", at + ".revision");
    JsonArray dirs = array(body, "directories", at + ".directories");
    if (dirs.isEmpty() || dirs.size() > MAX_DIRECTORY_GLOBS) {
      throw new Invalid(at + ".directories", "give 1 to " + MAX_DIRECTORY_GLOBS + " entries");
    }
    List<Generator.DirectoryGlob> globs = new ArrayList<>();
    for (int i = 0; i < dirs.size(); i++) {
      String here = at + ".directories[" + i + "]";
      JsonObject d = object(dirs.getValue(i), here);
      known(d, here + ".", Set.of("path", "exclude"));
      String path = text(d, "path", here + ".path");
      checkGlob(path, here + ".path");
      globs.add(new Generator.DirectoryGlob(path, Boolean.TRUE.equals(d.getValue("exclude"))));
    }
    if (globs.stream().allMatch(Generator.DirectoryGlob::exclude)) {
      throw new Invalid(at + ".directories", "needs at least one path that is not excluded");
    }
    return new Generator.GitDirectories(url, revision, List.copyOf(globs));
  }

  /**
   * A directory glob stays inside the repository: relative, no {@code ..} or {@code .} segment, no
   * backslash or control character, and a glob the linear-time matcher accepts.
   */
  static void checkGlob(String path, String field) {
    if (path.length() > 256) {
      throw new Invalid(field, "at most 256 characters");
    }
    if (path.startsWith("/") || path.contains("\\") || path.chars().anyMatch(c -> c < 0x20)) {
      throw new Invalid(field, "must be a relative path inside the repository");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
        throw new Invalid(field, "must not have '..', '.' or empty segments");
      }
    }
    try {
      Globs.compile(path);
    } catch (IllegalArgumentException e) {
      throw new Invalid(field, "is not a glob: " + e.getMessage());
    }
  }

  private static List<RolloutStep> steps(JsonObject body) {
    if (body.getValue("strategy") == null) {
      return List.of();
    }
    JsonObject strategy = object(body.getValue("strategy"), "strategy");
    known(strategy, "strategy.", Set.of("type", "rollingSync"));
    if (!"RollingSync".equals(strategy.getValue("type"))) {
      throw new Invalid("strategy.type", "must be RollingSync");
    }
    JsonObject rolling = object(strategy.getValue("rollingSync"), "strategy.rollingSync");
    known(rolling, "strategy.rollingSync.", Set.of("steps"));
    JsonArray steps = array(rolling, "steps", "strategy.rollingSync.steps");
    if (steps.isEmpty() || steps.size() > MAX_STEPS) {
      throw new Invalid("strategy.rollingSync.steps", "give 1 to " + MAX_STEPS + " steps");
    }
    List<RolloutStep> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      String at = "strategy.rollingSync.steps[" + i + "]";
      JsonObject step = object(steps.getValue(i), at);
      known(step, at + ".", Set.of("matchExpressions"));
      JsonArray exprs = array(step, "matchExpressions", at + ".matchExpressions");
      Map<String, List<String>> match = new LinkedHashMap<>();
      for (int j = 0; j < exprs.size(); j++) {
        String here = at + ".matchExpressions[" + j + "]";
        JsonObject e = object(exprs.getValue(j), here);
        known(e, here + ".", Set.of("key", "operator", "values"));
        if (!"In".equals(e.getValue("operator"))) {
          throw new Invalid(here + ".operator", "must be In");
        }
        JsonArray values = array(e, "values", here + ".values");
        List<String> vs = new ArrayList<>();
        for (int k = 0; k < values.size(); k++) {
          if (!(values.getValue(k) instanceof String v)) {
            throw new Invalid(here + ".values[" + k + "]", "must be a string");
          }
          vs.add(v);
        }
        match.put(text(e, "key", here + ".key"), List.copyOf(vs));
      }
      out.add(new RolloutStep(Map.copyOf(match)));
    }
    return List.copyOf(out);
  }

  private static void known(JsonObject o, String prefix, Set<String> fields) {
    for (String f : o.fieldNames()) {
      if (!fields.contains(f)) {
        throw new Invalid(
            prefix + f,
            "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
      }
    }
  }

  private static JsonObject object(Object v, String at) {
    if (!(v instanceof JsonObject o)) {
      throw new Invalid(at, "must be an object");
    }
    return o;
  }

  private static JsonArray array(JsonObject o, String key, String at) {
    if (!(o.getValue(key) instanceof JsonArray a)) {
      throw new Invalid(at, "must be a list");
    }
    return a;
  }

  private static String text(JsonObject o, String key, String at) {
    if (!(o.getValue(key) instanceof String s) || s.isBlank()) {
      throw new Invalid(at, "is required and must be a string");
    }
    return s;
  }

  private static Map<String, String> strings(Object v, String at) {
    JsonObject o = object(v, at);
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : o) {
      if (!(e.getValue() instanceof String s) || s.length() > 253) {
        throw new Invalid(at + "." + e.getKey(), "must be a string of at most 253 characters");
      }
      out.put(e.getKey(), s);
    }
    return out;
  }
}
