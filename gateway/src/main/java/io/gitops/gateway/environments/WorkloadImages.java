package io.gitops.gateway.environments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The image references of live workloads: containers and init containers of Deployments,
 * StatefulSets, DaemonSets, ReplicaSets, Jobs (pod template) and CronJobs (job template). Read from
 * the live objects, not from Git: what runs, including a hand change on the cluster.
 */
public final class WorkloadImages {
  /** One container's image in one workload. */
  public record Image(String kind, String name, String container, boolean init, String image) {
    public String workload() {
      return kind + "/" + name;
    }

    /** Identifies the container across environments. */
    public String slot() {
      return workload() + (init ? " init " : " ") + container;
    }
  }

  private WorkloadImages() {}

  /** Images of every workload among {@code objects}, sorted by workload and container. */
  public static List<Image> of(List<Map<String, Object>> objects) {
    List<Image> out = new ArrayList<>();
    for (Map<String, Object> o : objects) {
      String kind = String.valueOf(o.get("kind"));
      String name = String.valueOf(map(o.get("metadata")).get("name"));
      Map<String, Object> podSpec = podSpec(kind, map(o.get("spec")));
      if (podSpec == null) {
        continue;
      }
      containers(podSpec.get("initContainers"), kind, name, true, out);
      containers(podSpec.get("containers"), kind, name, false, out);
    }
    out.sort(Comparator.comparing(Image::slot));
    return out;
  }

  private static Map<String, Object> podSpec(String kind, Map<String, Object> spec) {
    switch (kind) {
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
        return map(map(spec.get("template")).get("spec"));
      case "CronJob":
        return map(map(map(map(spec.get("jobTemplate")).get("spec")).get("template")).get("spec"));
      default:
        return null;
    }
  }

  private static void containers(
      Object list, String kind, String name, boolean init, List<Image> out) {
    if (list instanceof List<?> items) {
      for (Object item : items) {
        Map<String, Object> c = map(item);
        if (c.get("image") instanceof String image) {
          out.add(new Image(kind, name, String.valueOf(c.get("name")), init, image));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
