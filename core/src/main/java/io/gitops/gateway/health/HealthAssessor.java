package io.gitops.gateway.health;

import io.gitops.gateway.model.HealthResult;
import java.util.Map;
import java.util.Optional;

/**
 * Judges the health of one live object. Empty means "no verdict for this kind": the caller may ask
 * another assessor, and an object nobody judges does not count against its app.
 */
@FunctionalInterface
public interface HealthAssessor {
  Optional<HealthResult> assess(Map<String, Object> object);

  /** This assessor first; where it has no verdict, the other. */
  default HealthAssessor orElse(HealthAssessor other) {
    return object -> {
      Optional<HealthResult> mine = assess(object);
      return mine.isPresent() ? mine : other.assess(object);
    };
  }
}
