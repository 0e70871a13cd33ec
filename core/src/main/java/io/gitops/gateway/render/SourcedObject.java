package io.gitops.gateway.render;

import java.util.Map;

/**
 * A rendered object and where it came from (repository file or Helm template), for error messages.
 */
record SourcedObject(Map<String, Object> object, String origin) {}
