package io.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.gateway.support.GatewayHarness;
import io.gitops.gateway.support.TestRepo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/ci/deploy.sh, the README's CI-to-CD step, run by bash as CI runs it: it clones a real
 * deployment repository, commits a new image tag, pushes, refreshes through the launcher script and
 * the built jar, and waits for that commit. A good tag ends Healthy (exit 0, the cluster runs it);
 * a tag the simulated Deployment controller never gets ready ({@code :bad}, docs/simulator.md)
 * fails the step with exit 1 and says Degraded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CiToCdExampleTest {
  static final String IMAGE = "registry.example.com/shop/web";
  static final Path SCRIPT =
      Path.of(System.getProperty("gitops.root", "..")).resolve("examples/ci/deploy.sh");
  static final Path LAUNCHER =
      Path.of(System.getProperty("gitops.cliLauncher", "src/main/sh/gitops"));

  @TempDir static Path work;
  static GatewayHarness gw;
  static Path deployRepo;
  static String deployerToken;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    gw = CliTestGateway.start(work);
    kube = gw.clusters.get("dev").client();
    try (TestRepo source = TestRepo.create(work.resolve("seed"))) {
      CliTestGateway.commitImage(source, "shop", IMAGE + ":1.0.0");
      deployRepo = work.resolve("deploy.git");
      Git.cloneRepository()
          .setURI(source.url())
          .setDirectory(deployRepo.toFile())
          .setBare(true)
          .call()
          .close();
    }
    CliTestGateway.register(gw, "file://" + deployRepo, "shop", true);
    var token =
        gw.call(
            HttpMethod.POST,
            "/api/v1/tenants/team-a/tokens",
            CliTestGateway.adminToken(gw),
            new JsonObject().put("name", "ci-deploy").put("role", "deployer"));
    assertThat(token.statusCode()).as(token.bodyAsString()).isEqualTo(201);
    deployerToken = token.bodyAsJsonObject().getString("token");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  @Order(1)
  void aGoodTagIsCommittedRolledOutAndWaitedFor() throws Exception {
    var r = deploy("1.1.0").expect(0);

    String head = head();
    assertThat(r.out()).contains("from commit " + head).contains("Synced Healthy at");
    assertThat(liveImage()).isEqualTo(IMAGE + ":1.1.0");
  }

  @Test
  @Order(2)
  void aTagThatNeverGetsReadyFailsThePipelineAsDegraded() throws Exception {
    var r = deploy("bad").expect(Exit.FAILED);

    assertThat(r.out()).contains("from commit " + head());
    assertThat(r.err().strip()).contains("error: team-a/shop:").contains("Degraded");
    assertThat(liveImage()).isEqualTo(IMAGE + ":bad"); // CD did its part; the rollout failed
  }

  @Test
  @Order(3)
  void aManifestWithoutTheImageStopsBeforeCommitting() throws Exception {
    String before = head();
    var r = deploy("1.2.0", Map.of("IMAGE", "registry.example.com/shop/other")).expect(2);
    assertThat(r.err()).contains("names no registry.example.com/shop/other image");
    assertThat(head()).isEqualTo(before);
  }

  CliRun.Result deploy(String tag) throws Exception {
    return deploy(tag, Map.of());
  }

  CliRun.Result deploy(String tag, Map<String, String> overrides) throws Exception {
    Path home = Files.createTempDirectory(work, "ci-home");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("DEPLOY_REPO", "file://" + deployRepo);
    env.put("MANIFEST", "apps/shop/deployment.yaml");
    env.put("IMAGE", IMAGE);
    env.put("IMAGE_TAG", tag);
    env.put("APP", "team-a/shop");
    env.put("GITOPS", LAUNCHER.toAbsolutePath().toString());
    env.put("GITOPS_CLI_JAR", CliRun.JAR.toAbsolutePath().toString());
    env.put("GITOPS_SERVER", CliTestGateway.url(gw));
    env.put("GITOPS_TOKEN", deployerToken);
    env.put("GITOPS_TIMEOUT", "120s");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.putAll(overrides);
    CliRun runner = new CliRun(home, env);
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", SCRIPT.toAbsolutePath().toString()));
    pb.directory(home.toFile());
    runner.environment(pb.environment());
    Process p = pb.start();
    p.getOutputStream().close();
    return CliRun.finish(p);
  }

  static String head() throws IOException {
    try (Git git = Git.open(deployRepo.toFile())) {
      return git.getRepository().resolve("refs/heads/main").name();
    }
  }

  static String liveImage() {
    return kube.apps()
        .deployments()
        .inNamespace("team-a-shop")
        .withName("shop")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }
}
