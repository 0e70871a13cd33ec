package io.gitops.gateway.render;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** configMapGenerator and secretGenerator: literals, files and env files. */
final class KustomizeGenerators {
  private static final Set<String> FIELDS =
      Set.of(
          "name", "namespace", "behavior", "literals", "files", "envs", "env", "options", "type");
  private static final Set<String> OPTION_FIELDS =
      Set.of("labels", "annotations", "disableNameSuffixHash", "immutable");

  private final RenderContext ctx;
  private final String dir;
  private final String kustomizationFile;

  KustomizeGenerators(RenderContext ctx, String dir, String kustomizationFile) {
    this.ctx = ctx;
    this.dir = dir;
    this.kustomizationFile = kustomizationFile;
  }

  /** Generates (or merges into existing resources, for behavior merge/replace) every entry. */
  void generate(
      String field,
      Object entries,
      Map<String, Object> globalOptions,
      List<KustomizeObject> resources)
      throws RenderException {
    boolean secret = field.equals("secretGenerator");
    for (Map<String, Object> spec : KustomizeFields.mapList(entries, kustomizationFile, field)) {
      KustomizeFields.requireKnown(spec, FIELDS, kustomizationFile, field + " entry");
      String name = KustomizeFields.text(spec.get("name"), kustomizationFile, field + ".name");
      Map<String, String> data = new LinkedHashMap<>();
      Map<String, String> binary = new LinkedHashMap<>();
      for (String literal :
          KustomizeFields.strings(spec.get("literals"), kustomizationFile, field + ".literals")) {
        int eq = literal.indexOf('=');
        if (eq < 1) {
          throw new RenderException(
              kustomizationFile
                  + ": "
                  + field
                  + " '"
                  + name
                  + "' literal '"
                  + literal
                  + "' is not key=value");
        }
        put(data, name, literal.substring(0, eq), unquote(literal.substring(eq + 1)));
      }
      for (String file :
          KustomizeFields.strings(spec.get("files"), kustomizationFile, field + ".files")) {
        int eq = file.indexOf('=');
        String key = eq < 0 ? RepoPaths.fileName(file) : file.substring(0, eq);
        byte[] content = ctx.read(RepoPaths.join(dir, eq < 0 ? file : file.substring(eq + 1)));
        String text = utf8(content);
        if (text == null && !secret) {
          binary.put(key, Base64.getEncoder().encodeToString(content));
        } else {
          put(
              data,
              name,
              key,
              text == null ? new String(content, StandardCharsets.ISO_8859_1) : text);
        }
      }
      List<String> envs =
          new ArrayList<>(
              KustomizeFields.strings(spec.get("envs"), kustomizationFile, field + ".envs"));
      if (spec.get("env") instanceof String env) {
        envs.add(env);
      }
      for (String envFile : envs) {
        readEnvFile(RepoPaths.join(dir, envFile), name, data);
      }
      Map<String, Object> object = build(secret, spec, name, data, binary, globalOptions);
      Object disabled =
          spec.get("options") instanceof Map<?, ?> own && own.containsKey("disableNameSuffixHash")
              ? own.get("disableNameSuffixHash")
              : globalOptions.get("disableNameSuffixHash");
      place(resources, spec, object, field, !Boolean.TRUE.equals(disabled));
    }
  }

  private Map<String, Object> build(
      boolean secret,
      Map<String, Object> spec,
      String name,
      Map<String, String> data,
      Map<String, String> binary,
      Map<String, Object> globalOptions)
      throws RenderException {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", secret ? "Secret" : "ConfigMap");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (spec.get("namespace") instanceof String ns) {
      metadata.put("namespace", ns);
    }
    object.put("metadata", metadata);
    Map<String, Object> options = new LinkedHashMap<>(globalOptions);
    if (spec.get("options") instanceof Map<?, ?> own) {
      KustomizeFields.requireKnown(
          KustomizeFields.asMap(own), OPTION_FIELDS, kustomizationFile, "generator options");
      own.forEach(
          (k, v) ->
              options.merge(
                  String.valueOf(k),
                  v,
                  (a, b) ->
                      a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm
                          ? mergeMaps(am, bm)
                          : b));
    }
    if (options.get("labels") instanceof Map<?, ?> labels && !labels.isEmpty()) {
      metadata.put("labels", new LinkedHashMap<>(labels));
    }
    if (options.get("annotations") instanceof Map<?, ?> annotations && !annotations.isEmpty()) {
      metadata.put("annotations", new LinkedHashMap<>(annotations));
    }
    if (secret) {
      object.put("type", spec.getOrDefault("type", "Opaque"));
      Map<String, Object> encoded = new LinkedHashMap<>();
      data.forEach(
          (k, v) ->
              encoded.put(
                  k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
      object.put("data", encoded);
    } else {
      object.put("data", new LinkedHashMap<String, Object>(data));
      if (!binary.isEmpty()) {
        object.put("binaryData", new LinkedHashMap<String, Object>(binary));
      }
    }
    if (Boolean.TRUE.equals(options.get("immutable"))) {
      object.put("immutable", true);
    }
    return object;
  }

  private void place(
      List<KustomizeObject> resources,
      Map<String, Object> spec,
      Map<String, Object> object,
      String field,
      boolean hash)
      throws RenderException {
    String behavior = spec.get("behavior") instanceof String b ? b : "create";
    KustomizeObject generated = new KustomizeObject(object, kustomizationFile + " " + field);
    generated.needsHash = hash;
    if (behavior.equals("create")) {
      resources.add(generated);
      return;
    }
    if (!behavior.equals("merge") && !behavior.equals("replace")) {
      throw new RenderException(
          kustomizationFile
              + ": "
              + field
              + " behavior '"
              + behavior
              + "' is not one of create, merge, replace");
    }
    for (KustomizeObject existing : resources) {
      if (existing.kind().equals(generated.kind())
          && existing.hasName(generated.name())
          && (generated.namespace().isEmpty()
              || generated.namespace().equals(existing.namespace()))) {
        if (behavior.equals("merge")) {
          for (String key : List.of("data", "binaryData")) {
            if (object.get(key) instanceof Map<?, ?> values && !values.isEmpty()) {
              Map<String, Object> target = MapPaths.map(existing.object, true, key);
              values.forEach((k, v) -> target.put(String.valueOf(k), v));
            }
          }
          MapPaths.map(existing.metadata(), true, "labels")
              .putAll(
                  KustomizeFields.asMap(
                      object.get("metadata") instanceof Map<?, ?> m
                              && m.get("labels") instanceof Map<?, ?> l
                          ? l
                          : Map.of()));
        } else {
          existing.object.put("data", object.get("data"));
          existing.object.remove("binaryData");
          if (object.get("binaryData") != null) {
            existing.object.put("binaryData", object.get("binaryData"));
          }
        }
        existing.needsHash = existing.needsHash || generated.needsHash;
        return;
      }
    }
    throw new RenderException(
        kustomizationFile
            + ": "
            + field
            + " '"
            + generated.name()
            + "' has behavior "
            + behavior
            + " but no "
            + generated.kind()
            + " of that name comes from the resources");
  }

  private void readEnvFile(String path, String generator, Map<String, String> data)
      throws RenderException {
    String text = new String(ctx.read(path), StandardCharsets.UTF_8);
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq < 1) {
        throw new RenderException(
            path
                + " line "
                + lineNumber
                + ": '"
                + trimmed
                + "' is not KEY=value (reading values from the gateway's environment is not supported)");
      }
      put(data, generator, trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1));
    }
  }

  private void put(Map<String, String> data, String generator, String key, String value)
      throws RenderException {
    if (data.putIfAbsent(key, value) != null) {
      throw new RenderException(
          kustomizationFile + ": generator '" + generator + "' has key '" + key + "' twice");
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static String utf8(byte[] content) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Map<String, Object> mergeMaps(Map<?, ?> a, Map<?, ?> b) {
    Map<String, Object> out = new LinkedHashMap<>();
    a.forEach((k, v) -> out.put(String.valueOf(k), v));
    b.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
