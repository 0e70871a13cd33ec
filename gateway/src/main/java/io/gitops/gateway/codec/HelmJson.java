package io.gitops.gateway.codec;

import io.gitops.gateway.model.HelmSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Argo CD's {@code source.helm}: {@code releaseName}, {@code namespace}, {@code valueFiles}, {@code
 * values} (a YAML string or an object; {@code valuesObject} is Argo CD's name for the object form)
 * and {@code parameters} [{name, value}]. Written back with {@code values} as an object.
 */
final class HelmJson {
  private static final Set<String> FIELDS =
      Set.of("releaseName", "namespace", "valueFiles", "values", "valuesObject", "parameters");
  // Helm's own rule for release names (DNS-1123 subdomain, at most 53 characters).
  private static final Pattern RELEASE =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private HelmJson() {}

  static HelmSpec from(JsonObject json, String chartPath) {
    AppJson.onlyKnown(json, "source.helm.", FIELDS);
    String release = AppJson.text(json, "source.helm.releaseName", false);
    if (release != null && (release.length() > 53 || !RELEASE.matcher(release).matches())) {
      throw new InvalidSpecException(
          "source.helm.releaseName",
          "must be a Helm release name: lower case letters, digits, '-' and '.', at most 53 characters");
    }
    String namespace = AppJson.text(json, "source.helm.namespace", false);
    if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
      throw new InvalidSpecException(
          "source.helm.namespace", "must be a namespace name (DNS-1123 label)");
    }
    return new HelmSpec(
        release,
        namespace,
        valueFiles(json.getValue("valueFiles"), chartPath),
        values(json),
        parameters(json.getValue("parameters")));
  }

  static JsonObject to(HelmSpec helm) {
    JsonObject json = new JsonObject();
    if (helm.releaseName() != null) {
      json.put("releaseName", helm.releaseName());
    }
    if (helm.namespace() != null) {
      json.put("namespace", helm.namespace());
    }
    JsonArray parameters = new JsonArray();
    helm.parameters()
        .forEach(
            p -> parameters.add(new JsonObject().put("name", p.name()).put("value", p.value())));
    return json.put("valueFiles", new JsonArray(helm.valueFiles()))
        .put("values", new JsonObject(new java.util.LinkedHashMap<>(helm.values())))
        .put("parameters", parameters);
  }

  /**
   * Paths relative to the chart folder; {@code ../shared/values.yaml} is fine while it stays in the
   * repository.
   */
  private static List<String> valueFiles(Object value, String chartPath) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidSpecException("source.helm.valueFiles", "must be a list of paths");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "source.helm.valueFiles[" + i + "]";
      if (!(array.getValue(i) instanceof String file) || file.isBlank()) {
        throw new InvalidSpecException(at, "must be a path");
      }
      if (file.contains("://")) {
        throw new InvalidSpecException(
            at, "remote value files are not supported; give a path inside the repository");
      }
      if (file.startsWith("/") || escapes(chartPath == null ? "" : chartPath, file)) {
        throw new InvalidSpecException(
            at, "must be relative to the chart and stay inside the repository");
      }
      out.add(file);
    }
    return out;
  }

  private static boolean escapes(String base, String relative) {
    int depth = 0;
    for (String part : (base + "/" + relative).replace('\\', '/').split("/")) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }

  private static Map<String, Object> values(JsonObject json) {
    Object values = json.getValue("values");
    Object object = json.getValue("valuesObject");
    if (values != null && object != null) {
      throw new InvalidSpecException(
          "source.helm.valuesObject", "give values or valuesObject, not both");
    }
    if (object != null && !(object instanceof JsonObject)) {
      throw new InvalidSpecException("source.helm.valuesObject", "must be an object");
    }
    if (values instanceof String yaml) {
      return InlineValues.parse(yaml, "source.helm.values");
    }
    if (values != null && !(values instanceof JsonObject)) {
      throw new InvalidSpecException("source.helm.values", "must be a YAML string or an object");
    }
    Object given = values != null ? values : object;
    return given == null ? Map.of() : InlineValues.plain((JsonObject) given);
  }

  private static List<HelmSpec.Parameter> parameters(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidSpecException("source.helm.parameters", "must be a list of {name, value}");
    }
    List<HelmSpec.Parameter> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "source.helm.parameters[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject p)) {
        throw new InvalidSpecException(at, "must be an object {name, value}");
      }
      AppJson.onlyKnown(p, at + ".", Set.of("name", "value"));
      if (!(p.getValue("name") instanceof String name) || name.isBlank()) {
        throw new InvalidSpecException(at + ".name", "is required");
      }
      Object v = p.getValue("value");
      if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new InvalidSpecException(at + ".value", "must be a string (as in helm --set)");
      }
      out.add(new HelmSpec.Parameter(name, v == null ? "" : v.toString()));
    }
    return out;
  }
}
