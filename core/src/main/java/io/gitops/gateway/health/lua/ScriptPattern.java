package io.gitops.gateway.health.lua;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which objects a script folder is for, in Argo CD's layout: {@code <group>/<kind>/health.lua}, or
 * {@code <kind>/health.lua} for the core group. An {@code _} in a segment stands for any run of
 * characters ({@code _.crossplane.io/_} is every kind of every crossplane.io group); API groups and
 * kinds never contain {@code _} themselves.
 */
record ScriptPattern(String group, String kind) implements Comparable<ScriptPattern> {
  static final String WILDCARD = "_";

  boolean exact() {
    return !group.contains(WILDCARD) && !kind.contains(WILDCARD);
  }

  boolean matches(GroupKind object) {
    return glob(group).matcher(object.group()).matches()
        && glob(kind).matcher(object.kind()).matches();
  }

  /** More literal characters = more specific = wins; then by name, so the choice is stable. */
  @Override
  public int compareTo(ScriptPattern other) {
    int bySpecificity = Integer.compare(other.literals(), literals());
    return bySpecificity != 0 ? bySpecificity : toString().compareTo(other.toString());
  }

  private int literals() {
    return (group + kind).replace(WILDCARD, "").length();
  }

  @Override
  public String toString() {
    return group.isEmpty() ? kind : group + "/" + kind;
  }

  private static Pattern glob(String segment) {
    return Pattern.compile(
        Arrays.stream(segment.split(WILDCARD, -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*")));
  }
}
