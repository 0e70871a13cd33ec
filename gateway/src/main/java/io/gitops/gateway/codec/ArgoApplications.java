package io.gitops.gateway.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Argo CD {@code Application} YAML (one, several documents, or a {@code List}/{@code
 * ApplicationList}) read into this gateway's app bodies, field by field (docs/argocd-migration.md
 * has the table). Two kinds of field are not taken over, and each is named with its reason:
 *
 * <ul>
 *   <li>ignored: nothing deployed changes without it ({@code metadata.namespace}, {@code
 *       spec.project}, {@code syncPolicy.retry}, server-set metadata, {@code status}, …);
 *   <li>refused: the app would deploy something else without it ({@code plugin}, Kustomize options,
 *       Helm file parameters, Jsonnet): the whole import is refused with a 400 naming it, rather
 *       than importing an app that is quietly wrong.
 * </ul>
 *
 * {@code spec.sources} becomes {@code sources}, each entry mapped as {@code source} is (with its
 * {@code ref}); the app then meets the same tenant checks as one created over REST, source by
 * source.
 *
 * <p>The tenant is never read from the YAML: every app becomes one of the tenant in the request
 * path. Any document that is not an {@code argoproj.io/v1alpha1 Application} (a ClusterRole, an
 * AppProject, a Namespace…) refuses the whole import.
 */
public final class ArgoApplications {
  public static final int MAX_APPS = 100;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String API_VERSION = "argoproj.io/v1alpha1";

  /** A field not taken over, and why. */
  public record Skipped(String field, String reason) {}

  /**
   * One Application as an app body ({@code name}, {@code labels}, {@code source}, {@code
   * destination}, {@code syncPolicy}, {@code ignoreDifferences}) and what was left out.
   */
  public record Imported(String name, JsonObject body, List<Skipped> ignored) {}

  private ArgoApplications() {}

  /**
   * {@code cluster}: the cluster for Applications that name theirs by server URL only (a URL cannot
   * be matched to a registered cluster), or null.
   */
  public static List<Imported> read(String yaml, String cluster) {
    List<JsonObject> docs = documents(yaml);
    List<Imported> out = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      out.add(one(docs.get(i), "documents[" + i + "]", cluster));
    }
    if (out.isEmpty()) {
      throw new InvalidSpecException("body", "holds no Application");
    }
    return out;
  }

  private static List<JsonObject> documents(String yaml) {
    List<JsonObject> docs = new ArrayList<>();
    try (MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(yaml)) {
      while (it.hasNextValue()) { // the checked forms: a YAML error is an IOException here
        Object doc = it.nextValue();
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map<?, ?> map)) {
          throw new InvalidSpecException(
              "documents[" + docs.size() + "]", "must be a YAML map (an Application)");
        }
        JsonObject json = new JsonObject(Json.copy(map));
        String kind = json.getValue("kind") instanceof String k ? k : "";
        if (kind.equals("List") || kind.equals("ApplicationList")) {
          Object items = json.getValue("items");
          if (!(items instanceof JsonArray array)) {
            throw new InvalidSpecException(
                "documents[" + docs.size() + "].items", "must be a list of Applications");
          }
          for (Object item : array) {
            if (!(item instanceof JsonObject app)) {
              throw new InvalidSpecException(
                  "documents[" + docs.size() + "]", "must be a YAML map (an Application)");
            }
            docs.add(app);
          }
        } else {
          docs.add(json);
        }
        if (docs.size() > MAX_APPS) {
          throw new InvalidSpecException(
              "body", "holds more than " + MAX_APPS + " Applications; import them in parts");
        }
      }
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(
          "body", "is not YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new InvalidSpecException("body", "cannot be read");
    }
    return docs;
  }

  private static Imported one(JsonObject doc, String at, String cluster) {
    if (!API_VERSION.equals(doc.getValue("apiVersion"))
        || !"Application".equals(doc.getValue("kind"))) {
      throw new InvalidSpecException(
          at + ".kind",
          "only "
              + API_VERSION
              + " Application can be imported, not "
              + doc.getValue("apiVersion")
              + " "
              + doc.getValue("kind")
              + "; nothing was imported");
    }
    Mapping m = new Mapping();
    JsonObject body = new JsonObject();
    JsonObject metadata = AppJson.object(doc, "metadata", true);
    String name = AppJson.text(metadata, "metadata.name", true);
    body.put("name", name);
    for (String field : metadata.fieldNames()) {
      switch (field) {
        case "name" -> {}
        case "labels" -> body.put("labels", metadata.getValue("labels"));
        case "namespace" ->
            m.ignore(
                "metadata.namespace",
                "the app belongs to the tenant in the request path, never to a namespace of the"
                    + " YAML");
        default -> m.ignore("metadata." + field, "not carried over (Argo CD metadata)");
      }
    }
    for (String field : doc.fieldNames()) {
      switch (field) {
        case "apiVersion", "kind", "metadata", "spec" -> {}
        case "status" -> m.ignore("status", "status is found again by reconciling");
        default -> m.ignore(field, "not an Application field read here");
      }
    }
    JsonObject spec = AppJson.object(doc, "spec", true);
    for (String field : spec.fieldNames()) {
      switch (field) {
        case "source" ->
            body.put(
                "source",
                source(AppJson.object(spec, "spec.source", true), "spec.source", false, m));
        case "sources" -> body.put("sources", sources(spec.getValue(field), m));
        case "destination" ->
            body.put(
                "destination",
                destination(AppJson.object(spec, "spec.destination", true), cluster, m));
        case "syncPolicy" -> {
          JsonObject policy = syncPolicy(AppJson.object(spec, "spec.syncPolicy", true), m);
          if (!policy.isEmpty()) {
            body.put("syncPolicy", policy);
          }
        }
        case "ignoreDifferences" -> body.put("ignoreDifferences", spec.getValue(field));
        case "project" ->
            m.ignore(
                "spec.project",
                "AppProjects are not imported: the tenant's sourceRepos, destinations and kinds"
                    + " apply");
        default -> m.ignore("spec." + field, "not supported here; left out");
      }
    }
    if (!body.containsKey("source") && !spec.containsKey("sources")) {
      throw new InvalidSpecException(at + ".spec.source", "is required");
    }
    m.failIfRefused(name);
    return new Imported(name, body, List.copyOf(m.ignored));
  }

  /**
   * Each entry mapped as a single source, with its {@code ref}; anything else than a list of maps
   * is passed on for the app reader to name ({@code sources}, {@code sources[i]}).
   */
  private static Object sources(Object value, Mapping m) {
    if (!(value instanceof JsonArray list)) {
      return value;
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < list.size(); i++) {
      out.add(
          list.getValue(i) instanceof JsonObject src
              ? source(src, "spec.sources[" + i + "]", true, m)
              : list.getValue(i));
    }
    return out;
  }

  private static JsonObject source(JsonObject src, String at, boolean several, Mapping m) {
    JsonObject out = new JsonObject();
    for (String field : src.fieldNames()) {
      Object v = src.getValue(field);
      switch (field) {
        case "repoURL", "targetRevision", "path", "chart" -> out.put(field, v);
        case "helm" ->
            out.put("helm", helm(AppJson.object(src, at + ".helm", true), at + ".helm", m));
        case "directory" ->
            out.put(
                "directory",
                directory(AppJson.object(src, at + ".directory", true), at + ".directory", m));
        case "kustomize" -> {
          if (v instanceof JsonObject k && !k.isEmpty()) {
            m.refuse(
                at + ".kustomize",
                "Kustomize options ("
                    + String.join(", ", k.fieldNames())
                    + ") are not supported; the kustomization.yaml in Git is rendered as it is");
          } else {
            out.put("sourceType", "Kustomize");
          }
        }
        case "plugin" -> m.refuse(at + ".plugin", "config management plugins are not supported");
        case "ref" -> {
          if (several) {
            out.put("ref", v);
          } else {
            m.ignore(at + ".ref", "only used with several sources");
          }
        }
        case "name" -> m.ignore(at + ".name", "a source's display name is not kept");
        default -> m.ignore(at + "." + field, "not supported here; left out");
      }
    }
    return out;
  }

  private static final Set<String> HELM_MAPPED =
      Set.of("releaseName", "namespace", "valueFiles", "values", "valuesObject");

  private static JsonObject helm(JsonObject helm, String prefix, Mapping m) {
    JsonObject out = new JsonObject();
    for (String field : helm.fieldNames()) {
      String at = prefix + "." + field;
      if (HELM_MAPPED.contains(field)) {
        out.put(field, helm.getValue(field));
      } else if (field.equals("parameters")) {
        out.put("parameters", parameters(helm.getValue(field), prefix, m));
      } else if (field.equals("fileParameters")) {
        m.refuse(at, "Helm file parameters are not supported");
      } else if (field.equals("skipCrds")) {
        m.refuse(at, "rendering without the chart's CRDs is not supported");
      } else {
        m.ignore(at, "not supported here; left out");
      }
    }
    return out;
  }

  /** {name, value} kept; Argo CD's {@code forceString} is named (every value here is a string). */
  private static Object parameters(Object value, String prefix, Mapping m) {
    if (!(value instanceof JsonArray list)) {
      return value; // the app reader names what is wrong
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < list.size(); i++) {
      if (list.getValue(i) instanceof JsonObject p) {
        JsonObject copy = p.copy();
        if (copy.remove("forceString") != null) {
          m.ignore(
              prefix + ".parameters[" + i + "].forceString",
              "parameters are passed as --set values; forceString is not read");
        }
        out.add(copy);
      } else {
        out.add(list.getValue(i));
      }
    }
    return out;
  }

  private static JsonObject directory(JsonObject dir, String prefix, Mapping m) {
    JsonObject out = new JsonObject();
    for (String field : dir.fieldNames()) {
      switch (field) {
        case "recurse", "include", "exclude" -> out.put(field, dir.getValue(field));
        case "jsonnet" -> {
          if (dir.getValue(field) instanceof JsonObject j && !j.isEmpty()) {
            m.refuse(prefix + ".jsonnet", "Jsonnet is not supported");
          }
        }
        default -> m.ignore(prefix + "." + field, "not supported here; left out");
      }
    }
    return out;
  }

  private static JsonObject destination(JsonObject dest, String cluster, Mapping m) {
    JsonObject out = new JsonObject();
    Object name = dest.getValue("name");
    Object server = dest.getValue("server");
    if (name != null) {
      out.put("cluster", name);
      if (server != null) {
        throw new InvalidSpecException(
            "spec.destination.server", "give destination.name or destination.server, not both");
      }
    } else if (server != null) {
      if (cluster == null) {
        throw new InvalidSpecException(
            "spec.destination.server",
            "a server URL cannot be matched to a registered cluster: name it with"
                + " destination.name, or give the cluster with ?cluster=");
      }
      out.put("cluster", cluster);
      m.ignore("spec.destination.server", "replaced by the cluster given with ?cluster=" + cluster);
    }
    for (String field : dest.fieldNames()) {
      switch (field) {
        case "name", "server" -> {}
        case "namespace" -> out.put("namespace", dest.getValue(field));
        default -> m.ignore("spec.destination." + field, "not supported here; left out");
      }
    }
    return out;
  }

  private static JsonObject syncPolicy(JsonObject policy, Mapping m) {
    JsonObject out = new JsonObject();
    for (String field : policy.fieldNames()) {
      switch (field) {
        case "automated" -> {
          JsonObject auto = AppJson.object(policy, "spec.syncPolicy.automated", true).copy();
          Object enabled = auto.remove("enabled");
          if (!Boolean.FALSE.equals(enabled)) {
            out.put("automated", auto);
          }
        }
        case "syncOptions" -> out.put("syncOptions", policy.getValue(field));
        case "retry" ->
            m.ignore(
                "spec.syncPolicy.retry",
                "failed syncs are retried with the gateway's own backoff (docs/sync.md)");
        default -> m.ignore("spec.syncPolicy." + field, "not supported here; left out");
      }
    }
    return out;
  }

  /** What one Application left out, in the order met. */
  private static final class Mapping {
    final List<Skipped> ignored = new ArrayList<>();
    final List<Skipped> refused = new ArrayList<>();

    void ignore(String field, String reason) {
      ignored.add(new Skipped(field, reason));
    }

    void refuse(String field, String reason) {
      refused.add(new Skipped(field, reason));
    }

    void failIfRefused(String app) {
      if (refused.isEmpty()) {
        return;
      }
      StringBuilder why = new StringBuilder("Application " + app + " cannot be imported:");
      refused.forEach(
          s -> why.append(' ').append(s.field()).append(": ").append(s.reason()).append(';'));
      throw new InvalidSpecException(refused.get(0).field(), why + " nothing was imported");
    }
  }

  /** Jackson's maps and lists as Vert.x JSON values, copied (so no YAML type leaks through). */
  private static final class Json {
    private Json() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
      return out;
    }

    static Object value(Object v) {
      if (v instanceof Map<?, ?> m) {
        return new JsonObject(copy(m));
      }
      if (v instanceof List<?> l) {
        JsonArray a = new JsonArray();
        l.forEach(item -> a.add(value(item)));
        return a;
      }
      if (v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
        return v.toString();
      }
      return v;
    }
  }
}
