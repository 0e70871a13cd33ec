package io.gitops.loadtest;

/**
 * Where app number {@code i} lives: its name, tenant, cluster, repository, namespace and path. Apps
 * are spread round-robin so that every tenant, cluster and repository gets its share.
 */
public record Layout(Options o) {
  public String name(int i) {
    return String.format("a%05d", i);
  }

  public int tenantOf(int i) {
    return i % o.tenants();
  }

  public String tenant(int i) {
    return "t" + tenantOf(i);
  }

  public String cluster(int i) {
    return "c" + (i % o.clusters());
  }

  public int repoOf(int i) {
    return i % o.repos();
  }

  public String namespace(int i) {
    return "lt-" + name(i);
  }

  public String path(int i) {
    return "apps/" + name(i);
  }

  /** {@code tenant/app}, as the feed names an app. */
  public String key(int i) {
    return tenant(i) + "/" + name(i);
  }

  /** {@code n} app indices spread evenly over all apps (so over clusters, tenants and repos). */
  public int[] spread(int n) {
    int count = Math.min(n, o.apps());
    int[] out = new int[count];
    double step = (double) o.apps() / count;
    for (int k = 0; k < count; k++) {
      out[k] = (int) (k * step);
    }
    return out;
  }
}
