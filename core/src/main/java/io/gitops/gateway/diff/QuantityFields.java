package io.gitops.gateway.diff;

import java.util.Set;

/**
 * Which fields hold Kubernetes quantities, compared by amount ({@code 1Gi} = {@code 1024Mi}): those
 * under resource lists ({@code limits}, {@code requests}, {@code hard} …) and a few named ones.
 */
final class QuantityFields {
  /** Fields whose quantity values compare by amount. */
  private static final Set<String> QUANTITY_PARENTS =
      Set.of(
          "limits",
          "requests",
          "capacity",
          "allocatable",
          "hard",
          "overhead",
          "default",
          "defaultRequest",
          "max",
          "min",
          "maxLimitRequestRatio");

  private static final Set<String> QUANTITY_FIELDS = Set.of("storage", "sizeLimit", "divisor");

  private QuantityFields() {}

  static boolean holdsQuantities(String parentField, String field) {
    return QUANTITY_PARENTS.contains(parentField) || QUANTITY_FIELDS.contains(field);
  }
}
