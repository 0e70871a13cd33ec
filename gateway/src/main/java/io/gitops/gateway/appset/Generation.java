package io.gitops.gateway.appset;

import com.google.re2j.Pattern;
import io.gitops.gateway.render.Globs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs generators over their inputs: pure, so every generator is a table test. */
public final class Generation {
  /** Parameter sets one set may produce; past it the set generates nothing and says why. */
  public static final int MAX_PARAMETER_SETS = 5_000;

  /** A generator that cannot run (too many results, a directory listing missing). */
  public static final class Failed extends RuntimeException {
    public Failed(String message) {
      super(message);
    }
  }

  private Generation() {}

  /** The parameter sets of all {@code generators} (their union, in order). */
  public static List<Map<String, String>> run(List<Generator> generators, GeneratorInputs in) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Generator g : generators) {
      out.addAll(run(g, in));
      bounded(out.size());
    }
    return out;
  }

  static List<Map<String, String>> run(Generator g, GeneratorInputs in) {
    if (g instanceof Generator.ListOf l) {
      return l.elements().stream().map(Map::copyOf).toList();
    }
    if (g instanceof Generator.Clusters c) {
      return clusters(c, in);
    }
    if (g instanceof Generator.GitDirectories d) {
      return directories(d, in);
    }
    return matrix((Generator.Matrix) g, in);
  }

  private static List<Map<String, String>> clusters(Generator.Clusters c, GeneratorInputs in) {
    List<Map<String, String>> out = new ArrayList<>();
    new TreeMap<>(in.clusters())
        .forEach(
            (name, labels) -> {
              if (labels.entrySet().containsAll(c.matchLabels().entrySet())) {
                Map<String, String> p = new LinkedHashMap<>();
                p.put("cluster", name);
                p.put("name", name);
                labels.forEach((k, v) -> p.put("labels." + k, v));
                out.add(p);
              }
            });
    return out;
  }

  private static List<Map<String, String>> directories(
      Generator.GitDirectories d, GeneratorInputs in) {
    List<String> dirs = in.directories().get(new GeneratorInputs.RepoAt(d.repoUrl(), d.revision()));
    if (dirs == null) {
      throw new Failed("directories of " + d.repoUrl() + " at " + d.revision() + " not read");
    }
    List<Pattern> include = new ArrayList<>();
    List<Pattern> exclude = new ArrayList<>();
    for (Generator.DirectoryGlob glob : d.directories()) {
      (glob.exclude() ? exclude : include).add(Globs.compile(glob.path()));
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (String dir : dirs) {
      if (include.stream().anyMatch(p -> p.matches(dir))
          && exclude.stream().noneMatch(p -> p.matches(dir))) {
        String base = dir.substring(dir.lastIndexOf('/') + 1);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("path", dir);
        p.put("path.basename", base);
        p.put("path.basenameNormalized", base.toLowerCase().replaceAll("[^a-z0-9-]", "-"));
        out.add(p);
      }
    }
    return out;
  }

  /** Argo CD's matrix: on a parameter both sides set, the second one's value wins. */
  private static List<Map<String, String>> matrix(Generator.Matrix m, GeneratorInputs in) {
    List<Map<String, String>> first = run(m.first(), in);
    List<Map<String, String>> second = run(m.second(), in);
    bounded((long) first.size() * second.size());
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> a : first) {
      for (Map<String, String> b : second) {
        Map<String, String> p = new LinkedHashMap<>(a);
        p.putAll(b);
        out.add(p);
      }
    }
    return out;
  }

  private static void bounded(long count) {
    if (count > MAX_PARAMETER_SETS) {
      throw new Failed(
          "the generators yield " + count + " parameter sets; at most " + MAX_PARAMETER_SETS);
    }
  }

  /** Every directory that holds a file, from a repository's file list ("" excluded). */
  public static List<String> directoriesOf(List<String> files) {
    java.util.TreeSet<String> dirs = new java.util.TreeSet<>();
    for (String f : files) {
      int slash = f.lastIndexOf('/');
      while (slash > 0) {
        String dir = f.substring(0, slash);
        if (!dirs.add(dir)) {
          break;
        }
        slash = dir.lastIndexOf('/');
      }
    }
    return List.copyOf(dirs);
  }
}
