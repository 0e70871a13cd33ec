package io.gitops.gateway.render;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' own rules for object names and namespaces, checked before any URL is built from them:
 * a name from Git becomes a path segment of an API request, so {@code ../x} or {@code x%2f..} must
 * never get that far. Most kinds name objects by DNS-1123 subdomain, namespaces by DNS-1123 label;
 * RBAC kinds allow any path segment (e.g. {@code system:controller:x}), still without {@code /},
 * {@code %}, {@code .}/{@code ..} or control characters. Pure.
 */
public final class KubernetesNames {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern API_VERSION =
      Pattern.compile("(" + LABEL + "(\\." + LABEL + ")*/)?[a-z0-9]+");
  private static final Set<String> PATH_SEGMENT_KINDS =
      Set.of(
          "rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/RoleBinding", "rbac.authorization.k8s.io/ClusterRoleBinding");

  public static final String LABEL_RULE =
      "DNS-1123 label: lower-case letters, digits and '-', "
          + "starting and ending with a letter or digit, at most 63 characters";
  public static final String SUBDOMAIN_RULE =
      "DNS-1123 subdomain: lower-case letters, digits, '-' and '.', "
          + "starting and ending with a letter or digit, at most 253 characters";
  public static final String SEGMENT_RULE =
      "a path segment: no '/', '%', control characters, and not '.' or '..'";

  private KubernetesNames() {}

  /** Why {@code name} is not a valid name for an object of this group and kind; null when it is. */
  public static String nameProblem(String group, String kind, String name) {
    if ("".equals(group) && "Namespace".equals(kind)) {
      return namespaceProblem(name);
    }
    if (PATH_SEGMENT_KINDS.contains(group + "/" + kind)) {
      boolean bad =
          name.isEmpty()
              || name.equals(".")
              || name.equals("..")
              || name.chars().anyMatch(c -> c == '/' || c == '%' || Character.isISOControl(c))
              || name.length() > 253;
      return bad ? "metadata.name " + quoted(name) + " is not " + SEGMENT_RULE : null;
    }
    return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches()
        ? null
        : "metadata.name " + quoted(name) + " is not a " + SUBDOMAIN_RULE;
  }

  /** Why {@code namespace} is not a valid namespace name; null when it is. */
  public static String namespaceProblem(String namespace) {
    return namespace.length() <= 63 && DNS_LABEL.matcher(namespace).matches()
        ? null
        : "namespace " + quoted(namespace) + " is not a " + LABEL_RULE;
  }

  /**
   * Why apiVersion or kind cannot be part of a request path (they name the resource in the URL);
   * null when fine.
   */
  public static String typeProblem(String apiVersion, String kind) {
    if (!API_VERSION.matcher(apiVersion).matches() || apiVersion.length() > 253 + 64) {
      return "apiVersion " + quoted(apiVersion) + " is not group/version or version";
    }
    return KIND.matcher(kind).matches() && kind.length() <= 63
        ? null
        : "kind " + quoted(kind) + " is not a kind name";
  }

  /**
   * The value quoted for a message, control characters shown as {@code \\uXXXX} so a log line stays
   * one line.
   */
  public static String quoted(String value) {
    StringBuilder out = new StringBuilder("'");
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    for (char c : shown.toCharArray()) {
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append('\'').toString();
  }
}
