package io.gitops.gateway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.sim.SimulatedCluster;
import io.gitops.gateway.sim.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday kubectl commands, run with the real {@code kubectl} against the real API server and
 * against the simulator, step by step in the same namespace name, and compared: what each prints
 * (normalised: ages, uids, addresses, timestamps, resourceVersions) and how it exits. Neither
 * server runs controllers here (the simulator's are held back an hour), so nothing but the servers'
 * own answers differs. Where the real server defaults fields the simulator does not (docs/
 * simulator.md), a step compares the part that does not depend on them: the changed lines of a
 * diff, the top of a describe.
 */
@Tag("apiserver")
@ExtendWith(RealApiServerExtension.class)
class KubectlAgreementTest {
  private static final String APP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: web-config}
      data: {GREETING: hello, MODE: demo}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, labels: {app: web}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
              - name: web
                image: nginx:1.27
                ports: [{containerPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      """;

  /** A record of one step on one server. */
  private record Step(String what, String view) {}

  /** One step: a kubectl run and the part of its answer that is compared. */
  private record Command(
      String what, Function<Kubectl, Kubectl.Result> run, Function<Kubectl.Result, String> view) {
    static Command whole(String what, Function<Kubectl, Kubectl.Result> run) {
      return new Command(what, run, Kubectl.Result::normalised);
    }
  }

  @TempDir Path dir;

  @Test
  void everydayCommandsAnswerOnTheSimulatorAsOnTheRealApiServer(RealApiServer real)
      throws IOException {
    Path binary = Kubectl.binaryOrSkip();
    String ns = "kubectl-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(dir.resolve("app.yaml"), APP);
    Files.writeString(
        dir.resolve("app-v2.yaml"),
        APP.replace("nginx:1.27", "nginx:1.28").replace("MODE: demo", "MODE: live"));
    Files.writeString(
        dir.resolve("settings.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LEVEL: info}\n");
    // the whole Deployment: a partial one would be refused by the real server's validation,
    // which the simulator does not do (docs/simulator.md)
    Files.writeString(
        dir.resolve("web-replicas.yaml"),
        APP.substring(
                APP.indexOf("apiVersion: apps/v1"),
                APP.indexOf("---\napiVersion: v1\nkind: Service"))
            .replace("nginx:1.27", "nginx:1.28")
            .replace("replicas: 2", "replicas: 4"));
    Path editor = dir.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/GREETING: hello/GREETING: edited/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    List<Command> commands = scenario(ns, editor, dir);

    List<Step> onReal;
    List<Step> onSimulator;
    Kubectl realKubectl =
        Kubectl.of(binary, dir.resolve("real"), "real", real.url(), real.config().getOauthToken());
    onReal = play(realKubectl, ns, commands);
    // the simulated controllers held back an hour: the real server runs none
    try (SimulatedCluster sim =
        SimulatedCluster.start(
            "kubectl", SimulatorOptions.defaults().withReadyDelay(Duration.ofHours(1)))) {
      onSimulator =
          play(Kubectl.of(binary, dir.resolve("sim"), "sim", sim.url(), null), ns, commands);
    }

    SoftAssertions soft = new SoftAssertions();
    for (int i = 0; i < commands.size(); i++) {
      soft.assertThat(onSimulator.get(i).view())
          .as("kubectl %s: the simulator answers as the real API server", commands.get(i).what())
          .isEqualTo(onReal.get(i).view());
    }
    soft.assertAll();
    // and the scenario did what it says on the real server (not two servers agreeing on nonsense)
    Map<String, String> promised =
        Map.of(
            "apply (client-side)", "deployment.apps/web created",
            "get (server-side tables)", "NAME READY UP-TO-DATE AVAILABLE AGE",
            "the Scale subresource", "\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\"",
            "the result of the patches", "2 nginx:1.29 {\"app\":\"web\",\"team\":\"a\"} hello",
            "diff", "+ - image: nginx:1.28",
            "apply --server-side by another manager: the conflicts named",
                "Apply failed with 1 conflict: conflict with \"kubectl-patch\"",
            "rollout undo (no controller: no ReplicaSets)", "no rollout history found",
            "gone", "deployments.apps \"web\" not found");
    for (Step step : onReal) {
      if (promised.containsKey(step.what())) {
        assertThat(step.view())
            .as("kubectl %s on the real server", step.what())
            .contains(promised.get(step.what()));
      }
    }
  }

  private static List<Step> play(Kubectl kubectl, String ns, List<Command> commands) {
    Kubectl.Result created = kubectl.run("create", "namespace", ns);
    if (created.exitCode() != 0) {
      // kubectl create namespace sends protobuf, which the simulator refuses: the YAML way
      Path file = kubectl.workDir().resolve("ns.yaml");
      try {
        Files.writeString(file, "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + "}\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(kubectl.run("apply", "-f", file.toString()).exitCode()).isZero();
    }
    List<Step> steps = new ArrayList<>();
    for (Command c : commands) {
      steps.add(new Step(c.what(), c.view().apply(c.run().apply(kubectl))));
    }
    return steps;
  }

  private static List<Command> scenario(String ns, Path editor, Path files) {
    String deployment = "deployment/web";
    return List.of(
        Command.whole(
            "apply (client-side)",
            k -> k.run("-n", ns, "apply", "-f", files.resolve("app.yaml").toString())),
        Command.whole(
            "get (server-side tables)",
            k -> k.run("-n", ns, "get", "deployments,services,configmaps")),
        Command.whole("get -o wide", k -> k.run("-n", ns, "get", deployment, "-o", "wide")),
        Command.whole("get a missing object", k -> k.run("-n", ns, "get", "deployment", "nothing")),
        Command.whole("scale", k -> k.run("-n", ns, "scale", deployment, "--replicas=3")),
        Command.whole(
            "the Scale subresource",
            k ->
                k.run("get", "--raw", "/apis/apps/v1/namespaces/" + ns + "/deployments/web/scale")),
        Command.whole(
            "patch (strategic)",
            k ->
                k.run(
                    "-n",
                    ns,
                    "patch",
                    deployment,
                    "-p",
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.29\"}]}}}}")),
        Command.whole(
            "patch (merge)",
            k ->
                k.run(
                    "-n",
                    ns,
                    "patch",
                    deployment,
                    "--type=merge",
                    "-p",
                    "{\"metadata\":{\"labels\":{\"tier\":\"frontend\"}}}")),
        Command.whole(
            "patch (JSON)",
            k ->
                k.run(
                    "-n",
                    ns,
                    "patch",
                    deployment,
                    "--type=json",
                    "-p",
                    "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]")),
        Command.whole("label", k -> k.run("-n", ns, "label", deployment, "team=a")),
        Command.whole("annotate", k -> k.run("-n", ns, "annotate", deployment, "note=hello")),
        Command.whole("label removed", k -> k.run("-n", ns, "label", deployment, "tier-")),
        Command.whole(
            "the result of the patches",
            k ->
                k.run(
                    "-n",
                    ns,
                    "get",
                    deployment,
                    "-o",
                    "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.labels} {.metadata.annotations.note}")),
        new Command(
            "managed fields (who changed what)",
            k ->
                k.run(
                    "-n",
                    ns,
                    "get",
                    deployment,
                    "--show-managed-fields",
                    "-o",
                    "jsonpath={range .metadata.managedFields[*]}{.manager} {.operation} {.subresource}{\"\\n\"}{end}"),
            KubectlAgreementTest::sortedLines),
        new Command(
            "diff",
            k -> k.run("-n", ns, "diff", "-f", files.resolve("app-v2.yaml").toString()),
            KubectlAgreementTest::changedLines),
        Command.whole(
            "apply a change",
            k -> k.run("-n", ns, "apply", "-f", files.resolve("app-v2.yaml").toString())),
        Command.whole(
            "apply --server-side",
            k ->
                k.run(
                    "-n",
                    ns,
                    "apply",
                    "--server-side",
                    "-f",
                    files.resolve("settings.yaml").toString())),
        Command.whole(
            "apply --server-side by another manager: the conflicts named",
            k ->
                k.run(
                    "-n",
                    ns,
                    "apply",
                    "--server-side",
                    "--field-manager=ci",
                    "-f",
                    files.resolve("web-replicas.yaml").toString())),
        Command.whole(
            "apply --server-side by kubectl: takes over its client-side apply's fields",
            k ->
                k.run(
                    "-n",
                    ns,
                    "apply",
                    "--server-side",
                    "-f",
                    files.resolve("web-replicas.yaml").toString())),
        Command.whole(
            "apply --server-side --force-conflicts",
            k ->
                k.run(
                    "-n",
                    ns,
                    "apply",
                    "--server-side",
                    "--force-conflicts",
                    "--field-manager=ci",
                    "-f",
                    files.resolve("web-replicas.yaml").toString())),
        new Command(
            "managed fields after the apply migration",
            k ->
                k.run(
                    "-n",
                    ns,
                    "get",
                    deployment,
                    "--show-managed-fields",
                    "-o",
                    "jsonpath={range .metadata.managedFields[*]}{.manager} {.operation} {.subresource}{\"\\n\"}{end}"),
            KubectlAgreementTest::sortedLines),
        Command.whole(
            "edit",
            k ->
                k.run(
                    Map.of("KUBE_EDITOR", editor.toString()),
                    "-n",
                    ns,
                    "edit",
                    "configmap",
                    "web-config",
                    "-o",
                    "name")),
        Command.whole("rollout restart", k -> k.run("-n", ns, "rollout", "restart", deployment)),
        Command.whole(
            "rollout status (no controller: never done)",
            k -> k.run("-n", ns, "rollout", "status", deployment, "--timeout=2s")),
        Command.whole(
            "rollout undo (no controller: no ReplicaSets)",
            k -> k.run("-n", ns, "rollout", "undo", deployment)),
        new Command(
            "describe",
            k -> k.run("-n", ns, "describe", deployment),
            r -> keyLines(r, "Name:", "Namespace:", "Labels:", "Selector:", "Replicas:", "Image:")),
        Command.whole(
            "delete --dry-run=server",
            k -> k.run("-n", ns, "delete", "configmap", "settings", "--dry-run=server")),
        Command.whole(
            "still there", k -> k.run("-n", ns, "get", "configmap", "settings", "-o", "name")),
        Command.whole("delete", k -> k.run("-n", ns, "delete", deployment)),
        Command.whole("gone", k -> k.run("-n", ns, "get", deployment)));
  }

  private static String sortedLines(Kubectl.Result r) {
    return "exit "
        + r.exitCode()
        + "\n"
        + String.join(
            "\n", Arrays.stream(Kubectl.normalised(r.out()).split("\n")).sorted().toList());
  }

  /** The lines a diff adds or removes: its context differs where the real server defaults. */
  private static String changedLines(Kubectl.Result r) {
    return "exit "
        + r.exitCode()
        + "\n"
        + String.join(
            "\n",
            Arrays.stream(Kubectl.normalised(r.out()).split("\n"))
                .filter(l -> l.startsWith("+") || l.startsWith("-"))
                .toList());
  }

  private static String keyLines(Kubectl.Result r, String... keys) {
    return "exit "
        + r.exitCode()
        + "\n"
        + String.join(
            "\n",
            Arrays.stream(Kubectl.normalised(r.out()).split("\n"))
                .map(String::strip)
                .filter(l -> Arrays.stream(keys).anyMatch(l::startsWith))
                .toList());
  }
}
