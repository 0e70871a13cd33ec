package io.gitops.gateway.source;

import java.time.Duration;

/** What the source layer reports for metrics; the gateway wires it to its meters. */
public interface SourceListener {
  SourceListener NONE = new SourceListener() {};

  /** One fetch (or first clone) of a repository; {@code result} is "success" or "failure". */
  default void fetched(String result, Duration took) {}

  /** One real render (a cache hit is not one); {@code sourceType} as {@code SourceType.name()}. */
  default void rendered(String sourceType, Duration took) {}
}
