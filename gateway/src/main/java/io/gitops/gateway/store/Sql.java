package io.gitops.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * SQL lives in src/main/resources/sql, one statement a file, so it can be read and reviewed as SQL.
 */
final class Sql {
  private Sql() {}

  static String load(String name) {
    try (InputStream in = Sql.class.getResourceAsStream("/sql/" + name + ".sql")) {
      if (in == null) {
        throw new IllegalStateException("missing SQL resource /sql/" + name + ".sql");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
