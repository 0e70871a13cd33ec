package io.gitops.gateway.health.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops.gateway.model.HealthResult;
import io.gitops.gateway.model.HealthStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-reading the folder: new, changed and removed scripts take effect; a vanished folder does not
 * wipe them.
 */
class ReloadTest {
  private static final Map<String, Object> CERT =
      Map.of("apiVersion", "cert-manager.io/v1", "kind", "Certificate");
  private static final Map<String, Object> KAFKA =
      Map.of("apiVersion", "kafka.strimzi.io/v1beta2", "kind", "Kafka");

  @TempDir Path folder;

  @Test
  void nothingChangedMeansNoReload() throws IOException {
    write("cert-manager.io/Certificate", "Healthy", "v1");
    LuaHealthScripts scripts = LuaHealthScripts.load(folder);

    assertThat(scripts.reloadIfChanged()).isFalse();
    assertThat(scripts.assess(CERT)).contains(healthy("v1"));
  }

  @Test
  void aChangedScriptIsRecompiled() throws IOException {
    write("cert-manager.io/Certificate", "Healthy", "v1");
    LuaHealthScripts scripts = LuaHealthScripts.load(folder);

    write("cert-manager.io/Certificate", "Healthy", "v2");

    assertThat(scripts.reloadIfChanged()).isTrue();
    assertThat(scripts.assess(CERT)).contains(healthy("v2"));
  }

  @Test
  void addedAndRemovedScriptsComeAndGo() throws IOException {
    write("cert-manager.io/Certificate", "Healthy", "cert");
    LuaHealthScripts scripts = LuaHealthScripts.load(folder);

    write("kafka.strimzi.io/Kafka", "Progressing", "kafka");
    Files.delete(folder.resolve("cert-manager.io/Certificate/health.lua"));

    assertThat(scripts.reloadIfChanged()).isTrue();
    assertThat(scripts.scriptCount()).isEqualTo(1);
    assertThat(scripts.assess(CERT)).isEmpty();
    assertThat(scripts.assess(KAFKA)).contains(new HealthResult(HealthStatus.PROGRESSING, "kafka"));
  }

  @Test
  void aScriptBrokenByAnEditAnswersUnknownWithTheCompileError() throws IOException {
    write("cert-manager.io/Certificate", "Healthy", "v1");
    LuaHealthScripts scripts = LuaHealthScripts.load(folder);

    Files.writeString(
        folder.resolve("cert-manager.io/Certificate/health.lua"), "return {status = ");

    assertThat(scripts.reloadIfChanged()).isTrue();
    assertThat(scripts.assess(CERT))
        .contains(
            new HealthResult(
                HealthStatus.UNKNOWN,
                "health script cert-manager.io/Certificate/health.lua does not compile at line 1: unexpected end of script"));
  }

  @Test
  void aVanishedFolderKeepsTheScriptsWeHave() throws IOException {
    write("cert-manager.io/Certificate", "Healthy", "v1");
    LuaHealthScripts scripts = LuaHealthScripts.load(folder);

    deleteRecursively(folder);

    assertThat(scripts.reloadIfChanged()).isFalse();
    assertThat(scripts.assess(CERT)).contains(healthy("v1"));
  }

  @Test
  void aMissingFolderCannotBeLoaded() {
    assertThatThrownBy(() -> LuaHealthScripts.load(folder.resolve("nope")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("health script folder does not exist");
  }

  private void write(String groupKind, String status, String message) throws IOException {
    Path script = folder.resolve(groupKind).resolve("health.lua");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "return {status = '" + status + "', message = '" + message + "'}");
  }

  private static HealthResult healthy(String message) {
    return new HealthResult(HealthStatus.HEALTHY, message);
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertThat(Optional.of(root).filter(Files::exists)).isEmpty();
  }
}
