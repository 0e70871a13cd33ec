package io.gitops.gateway.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops.gateway.config.ConfigException;
import io.gitops.gateway.config.YamlErrors;
import io.gitops.gateway.model.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads tenants/*.yaml, one tenant a file. At start ({@link #load}) one bad file fails the whole
 * load with the file, field and reason, so a half-read set of tenants is never put in force; on
 * reload ({@link #scan}) each file is judged on its own, so one bad edit cannot take others down.
 */
public final class TenantFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TenantFiles() {}

  /** One file as read: its content hash, and either the tenant or why it was refused. */
  public record FileResult(Path file, String hash, Tenant tenant, String error) {
    public String stem() {
      return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }
  }

  public static Map<TenantId, Tenant> load(Path dir) {
    Map<TenantId, Tenant> tenants = new LinkedHashMap<>();
    for (FileResult r : scan(dir)) {
      if (r.error() != null) {
        throw new ConfigException(r.file().toString(), r.error());
      }
      if (tenants.put(r.tenant().id(), r.tenant()) != null) {
        throw new ConfigException(
            r.file() + ": name", "tenant '" + r.tenant().id() + "' is defined in two files");
      }
    }
    return tenants;
  }

  public static List<FileResult> scan(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("tenants.dir", "no such folder: " + dir);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .map(TenantFiles::read)
          .toList();
    } catch (IOException e) {
      throw new ConfigException("tenants.dir", "cannot read " + dir + ": " + e.getMessage());
    }
  }

  static FileResult read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return new FileResult(file, "", null, "cannot read: " + e.getMessage());
    }
    String hash = sha256(bytes);
    try {
      return new FileResult(file, hash, parse(file, bytes), null);
    } catch (InvalidTenantException e) {
      return new FileResult(
          file, hash, null, (e.field().isEmpty() ? "" : e.field() + ": ") + e.getMessage());
    }
  }

  private static Tenant parse(Path file, byte[] bytes) {
    Object parsed;
    try {
      parsed = YAML.readValue(bytes, Object.class);
    } catch (JsonProcessingException e) {
      throw new InvalidTenantException("", YamlErrors.describe(e));
    } catch (IOException e) {
      throw new InvalidTenantException("", "cannot read: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> tree)) {
      throw new InvalidTenantException("", "must be a YAML map");
    }
    Tenant t = TenantSchema.read(tree);
    String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    if (!expected.equals(t.id().value())) {
      throw new InvalidTenantException("name", "must match the file name ('" + expected + "')");
    }
    return t;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
