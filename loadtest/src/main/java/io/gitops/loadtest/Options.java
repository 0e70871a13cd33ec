package io.gitops.loadtest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scale and knobs of a run, from {@code --name value} arguments. Every figure the issue asks
 * for has its own knob, so a bigger machine can run 100k apps with the same command.
 */
public record Options(
    int apps,
    int clusters,
    int objects,
    int tenants,
    int repos,
    int replicas,
    int touched,
    int webhookTries,
    int driftObjects,
    int wsClients,
    int wsRate,
    int wsSeconds,
    int pageRequests,
    String gatewayHeap,
    String farmHeap,
    boolean jfr,
    int timeoutMinutes,
    Path work,
    Path gatewayJar) {

  static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("apps", "10000");
    d.put("clusters", "200");
    d.put("objects", "3");
    d.put("tenants", "10");
    d.put("repos", "1");
    d.put("replicas", "1");
    d.put("touched", "1000");
    d.put("webhook-tries", "100");
    d.put("drift-objects", "1000");
    d.put("ws-clients", "5000");
    d.put("ws-rate", "200");
    d.put("ws-seconds", "20");
    d.put("page-requests", "1000");
    d.put("gateway-heap", "4g");
    d.put("farm-heap", "3g");
    d.put("jfr", "false");
    d.put("timeout-minutes", "30");
    d.put("work", "");
    d.put("gateway-jar", "gateway/target/gitops-gateway.jar");
    return d;
  }

  /** Parses {@code --key value} pairs; an unknown key or a bad number is an error naming it. */
  public static Options parse(String[] args) {
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || !DEFAULTS.containsKey(a.substring(2))) {
        throw new IllegalArgumentException(
            "unknown option " + a + "; known: --" + String.join(", --", DEFAULTS.keySet()));
      }
      String key = a.substring(2);
      if (key.equals("jfr")) {
        v.put(key, "true");
      } else if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      } else {
        v.put(key, args[++i]);
      }
    }
    Options o =
        new Options(
            positive(v, "apps"),
            positive(v, "clusters"),
            positive(v, "objects"),
            positive(v, "tenants"),
            positive(v, "repos"),
            positive(v, "replicas"),
            positive(v, "touched"),
            positive(v, "webhook-tries"),
            positive(v, "drift-objects"),
            positive(v, "ws-clients"),
            positive(v, "ws-rate"),
            positive(v, "ws-seconds"),
            positive(v, "page-requests"),
            v.get("gateway-heap"),
            v.get("farm-heap"),
            Boolean.parseBoolean(v.get("jfr")),
            positive(v, "timeout-minutes"),
            v.get("work").isEmpty() ? null : Path.of(v.get("work")).toAbsolutePath(),
            Path.of(v.get("gateway-jar")).toAbsolutePath());
    if (o.objects < 3) {
      throw new IllegalArgumentException(
          "--objects: at least 3 (a Deployment, a Service, a ConfigMap; more adds ConfigMaps)");
    }
    if (o.repos > o.apps || o.tenants > o.apps) {
      throw new IllegalArgumentException("--repos and --tenants must not exceed --apps");
    }
    return o;
  }

  private static int positive(Map<String, String> v, String key) {
    try {
      int n = Integer.parseInt(v.get(key));
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + key + ": a positive whole number, got " + v.get(key));
    }
  }

  /** The same options at another scale (the smoke test's). */
  public Options scaled(int apps, int clusters, int tenants) {
    return new Options(
        apps,
        clusters,
        objects,
        tenants,
        repos,
        replicas,
        touched,
        webhookTries,
        driftObjects,
        wsClients,
        wsRate,
        wsSeconds,
        pageRequests,
        gatewayHeap,
        farmHeap,
        jfr,
        timeoutMinutes,
        work,
        gatewayJar);
  }
}
