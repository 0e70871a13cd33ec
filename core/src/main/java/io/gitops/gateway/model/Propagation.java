package io.gitops.gateway.model;

import java.util.Locale;

/**
 * How the API server deletes what an object owns ({@code PrunePropagationPolicy}, and the cascade
 * of an app's deletion): foreground (the owner goes once its dependents are gone; Argo CD's
 * default), background (the owner at once, the garbage collector the rest), orphan (the dependents
 * stay).
 */
public enum Propagation {
  FOREGROUND,
  BACKGROUND,
  ORPHAN;

  /** foreground, background or orphan, any case; null when it is none of them. */
  public static Propagation parse(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "foreground" -> FOREGROUND;
      case "background" -> BACKGROUND;
      case "orphan" -> ORPHAN;
      default -> null;
    };
  }

  /** The name Kubernetes' DeleteOptions use: Foreground, Background, Orphan. */
  public String kubernetesName() {
    String lower = name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
