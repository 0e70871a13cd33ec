package io.gitops.gateway.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One render's access to the repository: every read is size-checked before it happens and counted
 * against the render's total, and every path is resolved inside the repository.
 */
final class RenderContext {
  final RepoFiles files;
  final RenderLimits limits;
  final HelmTemplater helm;
  final RenderDeadline deadline;
  private final YamlTreeReader yaml;
  private long bytesRead;

  RenderContext(
      RepoFiles files,
      RenderLimits limits,
      YamlTreeReader yaml,
      HelmTemplater helm,
      RenderDeadline deadline) {
    this.files = files;
    this.limits = limits;
    this.yaml = yaml;
    this.helm = helm;
    this.deadline = deadline;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Reads a file, refusing it before reading when it is over the limits. */
  byte[] read(String path) throws RenderException {
    deadline
        .check(); // the in-process render's stopping point: it cannot be killed, so it stops here
    String resolved = RepoPaths.resolve(files, path);
    long size = files.size(resolved);
    if (size < 0) {
      throw new RenderException("file '" + path + "' does not exist");
    }
    if (size > limits.maxFileBytes()) {
      throw new RenderException(
          "file '"
              + path
              + "' is "
              + size
              + " bytes, over the limit of "
              + limits.maxFileBytes()
              + " bytes");
    }
    if (bytesRead + size > limits.maxTotalBytes()) {
      throw new RenderException(
          "render reads more than "
              + limits.maxTotalBytes()
              + " bytes from the repository (at '"
              + path
              + "')");
    }
    bytesRead += size;
    return files
        .read(resolved)
        .orElseThrow(() -> new RenderException("file '" + path + "' cannot be read"));
  }

  /** All documents of a YAML or JSON file; empty documents are null entries. */
  List<Object> readDocuments(String path) throws RenderException {
    return yaml.read(path, read(path));
  }

  List<Object> parse(String origin, byte[] content) throws RenderException {
    return yaml.read(origin, content);
  }

  /**
   * The Kubernetes objects of a manifest file: empty documents skipped, {@code v1/List} (and any
   * {@code *List} kind with items) unwrapped.
   */
  List<SourcedObject> readObjects(String path) throws RenderException {
    return objectsOf(path, readDocuments(path));
  }

  @SuppressWarnings("unchecked")
  static List<SourcedObject> objectsOf(String origin, List<Object> documents)
      throws RenderException {
    List<SourcedObject> out = new ArrayList<>();
    int index = 0;
    for (Object document : documents) {
      index++;
      if (document == null) {
        continue;
      }
      if (!(document instanceof Map<?, ?> map)) {
        throw new RenderException(
            origin + ": document " + index + " is not a YAML mapping (a Kubernetes object)");
      }
      Object kind = map.get("kind");
      if (kind instanceof String k
          && k.endsWith("List")
          && map.get("items") instanceof List<?> items) {
        for (Object item : items) {
          if (!(item instanceof Map<?, ?>)) {
            throw new RenderException(
                origin + ": document " + index + " has a " + k + " item that is not an object");
          }
          out.add(new SourcedObject((Map<String, Object>) item, origin));
        }
      } else {
        out.add(new SourcedObject((Map<String, Object>) map, origin));
      }
    }
    return out;
  }

  boolean exists(String path) throws RenderException {
    return files.size(RepoPaths.resolve(files, path)) >= 0;
  }
}
