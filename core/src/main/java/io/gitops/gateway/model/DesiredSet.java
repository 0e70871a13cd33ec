package io.gitops.gateway.model;

import java.util.List;
import java.util.Map;

/** What Git says an app should be at one revision: rendered objects as plain maps. */
public record DesiredSet(Revision revision, List<Map<String, Object>> objects) {
  public DesiredSet {
    objects = List.copyOf(objects);
  }
}
