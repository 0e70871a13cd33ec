package io.gitops.gateway.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A real PostgreSQL started from Maven's binaries, for the demo and the tests; data kept on disk.
 * Never in the server's jar: whoever starts it (the demo, the test harness) gives the gateway its
 * URL.
 */
public final class EmbeddedServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedServer.class.getName());
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";
  private final EmbeddedPostgres postgres;

  private EmbeddedServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts on the data folder (made if absent, kept if present); blocks for a few seconds. */
  public static EmbeddedServer start(Path dataDir) throws IOException {
    Files.createDirectories(
        dataDir.getParent() == null ? Path.of(".") : dataDir.toAbsolutePath().getParent());
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir.toAbsolutePath())
            .setCleanDataDirectory(false)
            .start();
    LOG.info(
        "embedded PostgreSQL on port " + pg.getPort() + ", data in " + dataDir.toAbsolutePath());
    return new EmbeddedServer(pg);
  }

  /** The URL for {@code database.url}, with {@link #USER} and {@link #PASSWORD}. */
  public String url() {
    return "postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
