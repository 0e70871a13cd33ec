package io.gitops.cli.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.gitops.cli.CliException;
import io.gitops.cli.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * {@code ~/.config/gitops/config.yaml} (or {@code $XDG_CONFIG_HOME/gitops/config.yaml}, or {@code
 * $GITOPS_CONFIG}): read whole, written whole through a temporary file created with mode 600 and
 * moved over the old one, so the token is never readable by others, not even for a moment.
 */
public final class ConfigFile {
  private final Path path;

  public ConfigFile(Path path) {
    this.path = path;
  }

  /** The file the environment points at (see the class comment). */
  public static ConfigFile fromEnvironment(Map<String, String> env) {
    String explicit = env.get("GITOPS_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return new ConfigFile(Paths.get(explicit));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Paths.get(xdg)
            : Paths.get(System.getProperty("user.home"), ".config");
    return new ConfigFile(base.resolve("gitops").resolve("config.yaml"));
  }

  public Path path() {
    return path;
  }

  public CliConfig read() {
    if (!Files.exists(path)) {
      return CliConfig.empty();
    }
    try {
      CliConfig config =
          Json.YAML
              .readerFor(CliConfig.class)
              .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(path.toFile());
      return config == null ? CliConfig.empty() : config;
    } catch (JacksonException e) {
      throw CliException.usage(
          "config file "
              + path
              + " is not valid: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw CliException.usage("cannot read config file " + path + ": " + e.getMessage());
    }
  }

  public void write(CliConfig config) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path temp =
          Files.createTempFile(
              dir,
              ".config",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Json.YAML.writeValue(temp.toFile(), config);
        move(temp);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw CliException.usage("cannot write config file " + path + ": " + e.getMessage());
    }
  }

  private void move(Path temp) throws IOException {
    try {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
