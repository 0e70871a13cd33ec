package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side printing: a {@code meta.k8s.io/v1} {@code Table} for a GET that asks for one ({@code
 * Accept: application/json;as=Table;v=v1;g=meta.k8s.io}, as {@code kubectl get} does), with the
 * columns the real API server's printers give the common kinds (Deployments, ReplicaSets,
 * StatefulSets, Pods, Services, ConfigMaps, Secrets, Namespaces) and Name/Age for every other kind.
 */
final class Tables {
  private static final String NAME_DOC =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  private static final String AGE_DOC =
      "CreationTimestamp is a timestamp representing the server time when this object was created."
          + " It is not guaranteed to be set in happens-before order across separate operations."
          + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
          + "Populated by the system. Read-only. Null for lists. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  /** One column: its definition and how a cell is computed from the object. */
  private record Column(
      String name,
      String type,
      int priority,
      String description,
      Function<JsonNode, Object> cell) {}

  private Tables() {}

  /** Whether an Accept header asks for a Table (kubectl also lists plain JSON as a fallback). */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }

  /**
   * The Table of {@code body}, a list or one object as fabric8's store answers a GET; {@code
   * includeObject} is the request's parameter (None, Metadata: the default, or Object).
   */
  static ObjectNode of(JsonNode body, String kind, String includeObject) {
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    List<Column> columns = columns(kind);
    ObjectNode table = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    String rv = Json.text(body, "metadata", "resourceVersion");
    if (rv != null) {
      meta.put("resourceVersion", rv);
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column c : columns) {
      definitions
          .addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("format", c.name().equals("Name") ? "name" : "")
          .put("description", c.description())
          .put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode o : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.addPOJO(c.cell().apply(o));
      }
      switch (includeObject == null ? "Metadata" : includeObject) {
        case "None" -> {
          // no object in the row
        }
        case "Object" -> row.set("object", o);
        default -> {
          ObjectNode partial =
              row.putObject("object")
                  .put("kind", "PartialObjectMetadata")
                  .put("apiVersion", "meta.k8s.io/v1");
          partial.set("metadata", o.path("metadata"));
        }
      }
    }
    return table;
  }

  private static List<Column> columns(String kind) {
    List<Column> out = new ArrayList<>();
    out.add(new Column("Name", "string", 0, NAME_DOC, o -> Json.text(o, "metadata", "name")));
    switch (kind) {
      case "Deployment" -> {
        out.add(
            column(
                "Ready",
                "Number of the pod with ready state",
                o -> status(o, "readyReplicas") + "/" + replicas(o)));
        out.add(
            column(
                "Up-to-date",
                "Total number of non-terminated pods targeted by this deployment that have the"
                    + " desired template spec.",
                o -> status(o, "updatedReplicas")));
        out.add(
            column(
                "Available",
                "Total number of available pods (ready for at least minReadySeconds) targeted by"
                    + " this deployment.",
                o -> status(o, "availableReplicas")));
        out.add(age());
        addWorkloadWide(out, true);
      }
      case "ReplicaSet" -> {
        out.add(column("Desired", "Number of desired pods.", Tables::replicas));
        out.add(column("Current", "Number of current pods.", o -> status(o, "replicas")));
        out.add(column("Ready", "Number of ready pods.", o -> status(o, "readyReplicas")));
        out.add(age());
        addWorkloadWide(out, true);
      }
      case "StatefulSet" -> {
        out.add(
            column(
                "Ready",
                "Number of the pod with ready state",
                o -> status(o, "readyReplicas") + "/" + replicas(o)));
        out.add(age());
        addWorkloadWide(out, false);
      }
      case "Pod" -> addPodColumns(out);
      case "Service" -> addServiceColumns(out);
      case "ConfigMap" ->
          out.add(
              column(
                  "Data",
                  "Data contains the configuration data.",
                  o -> (long) (o.path("data").size() + o.path("binaryData").size())));
      case "Secret" -> {
        out.add(
            column(
                "Type",
                "Used to facilitate programmatic handling of secret data.",
                o -> o.path("type").asText("Opaque")));
        out.add(
            column(
                "Data",
                "Contains the secret data.",
                o -> (long) (o.path("data").size() + o.path("stringData").size())));
      }
      case "Namespace" ->
          out.add(
              column(
                  "Status",
                  "The status of the namespace",
                  o -> o.path("status").path("phase").asText("Active")));
      default -> {
        // Name and Age, as for a custom resource without printer columns
      }
    }
    if (!List.of("Deployment", "ReplicaSet", "StatefulSet", "Pod", "Service").contains(kind)) {
      out.add(age());
    }
    return out;
  }

  private static void addWorkloadWide(List<Column> out, boolean selector) {
    out.add(
        new Column(
            "Containers",
            "string",
            1,
            "Names of each container in the template.",
            o -> containers(o, "name")));
    out.add(
        new Column(
            "Images",
            "string",
            1,
            "Images referenced by each container in the template.",
            o -> containers(o, "image")));
    if (selector) {
      out.add(
          new Column(
              "Selector",
              "string",
              1,
              "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be"
                  + " the ones affected by this deployment.",
              o -> Scales.selector(o.path("spec").path("selector"))));
    }
  }

  private static void addPodColumns(List<Column> out) {
    out.add(
        column(
            "Ready",
            "The aggregate readiness state of this pod for accepting traffic.",
            o -> {
              JsonNode statuses = o.path("status").path("containerStatuses");
              long ready = 0;
              for (JsonNode s : statuses) {
                ready += s.path("ready").asBoolean() ? 1 : 0;
              }
              return ready + "/" + o.path("spec").path("containers").size();
            }));
    out.add(
        column(
            "Status",
            "The aggregate status of the containers in this pod.",
            o -> {
              String reason = o.path("status").path("reason").asText("");
              return reason.isEmpty() ? o.path("status").path("phase").asText("Pending") : reason;
            }));
    out.add(
        column(
            "Restarts",
            "The number of times the containers in this pod have been restarted and when the last"
                + " container in this pod has restarted.",
            o -> {
              long restarts = 0;
              for (JsonNode s : o.path("status").path("containerStatuses")) {
                restarts += s.path("restartCount").asLong();
              }
              return restarts;
            }));
    out.add(age());
    out.add(
        new Column(
            "IP",
            "string",
            1,
            "IP address allocated to the pod. Routable at least within the cluster. Empty if not"
                + " yet allocated.",
            o -> o.path("status").path("podIP").asText("<none>")));
    out.add(
        new Column(
            "Node",
            "string",
            1,
            "Name of the Node this pod is scheduled on.",
            o -> o.path("spec").path("nodeName").asText("<none>")));
    out.add(
        new Column(
            "Nominated Node",
            "string",
            1,
            "Name of the node this pod is nominated to run on, if any.",
            o -> o.path("status").path("nominatedNodeName").asText("<none>")));
    out.add(
        new Column(
            "Readiness Gates",
            "string",
            1,
            "The readiness gates of this pod.",
            o -> o.path("spec").has("readinessGates") ? "0/0" : "<none>"));
  }

  private static void addServiceColumns(List<Column> out) {
    out.add(
        column(
            "Type",
            "The type of the service.",
            o -> o.path("spec").path("type").asText("ClusterIP")));
    out.add(
        column(
            "Cluster-IP",
            "The IP address of the service.",
            o -> {
              String ip = o.path("spec").path("clusterIP").asText("");
              return ip.isEmpty() ? "<none>" : ip;
            }));
    out.add(
        column(
            "External-IP",
            "The external IP address of the service.",
            o -> {
              List<String> ips = new ArrayList<>();
              o.path("spec").path("externalIPs").forEach(ip -> ips.add(ip.asText()));
              for (JsonNode in : o.path("status").path("loadBalancer").path("ingress")) {
                ips.add(in.path("ip").asText(in.path("hostname").asText()));
              }
              if (!ips.isEmpty()) {
                return String.join(",", ips);
              }
              return switch (o.path("spec").path("type").asText("ClusterIP")) {
                case "LoadBalancer" -> "<pending>";
                case "ExternalName" -> o.path("spec").path("externalName").asText("<none>");
                default -> "<none>";
              };
            }));
    out.add(
        column(
            "Port(s)",
            "The port(s) of the service.",
            o -> {
              List<String> ports = new ArrayList<>();
              for (JsonNode p : o.path("spec").path("ports")) {
                String protocol = p.path("protocol").asText("TCP");
                ports.add(
                    p.path("port").asInt()
                        + (p.has("nodePort") ? ":" + p.path("nodePort").asInt() : "")
                        + "/"
                        + protocol);
              }
              return ports.isEmpty() ? "<none>" : String.join(",", ports);
            }));
    out.add(age());
    out.add(
        new Column(
            "Selector",
            "string",
            1,
            "The selector of the service.",
            o -> {
              JsonNode selector = o.path("spec").path("selector");
              return selector.isEmpty()
                  ? "<none>"
                  : Scales.selector(Json.object().set("matchLabels", selector));
            }));
  }

  private static Column column(String name, String description, Function<JsonNode, Object> cell) {
    return new Column(name, "string", 0, description, cell);
  }

  private static Column age() {
    return column(
        "Age", AGE_DOC, o -> age(Json.text(o, "metadata", "creationTimestamp"), Instant.now()));
  }

  private static long replicas(JsonNode o) {
    return o.path("spec").path("replicas").asLong(1);
  }

  private static long status(JsonNode o, String field) {
    return o.path("status").path(field).asLong(0);
  }

  private static String containers(JsonNode o, String field) {
    List<String> out = new ArrayList<>();
    o.path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .forEach(c -> out.add(c.path(field).asText()));
    return String.join(",", out);
  }

  /** The age of an object as the API server's printers write it. */
  static String age(String creationTimestamp, Instant now) {
    if (creationTimestamp == null || creationTimestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return humanDuration(Duration.between(Instant.parse(creationTimestamp), now));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  /** Kubernetes' {@code duration.HumanDuration}: 45s, 2m30s, 15m, 3h20m, 2d4h, 1y200d. */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
