package io.gitops.gateway.store;

import io.gitops.gateway.config.GatewayConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/** A real PostgreSQL started from Maven's binaries, for the demo and the tests; data kept on disk. */
final class EmbeddedServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedServer.class.getName());
  private final EmbeddedPostgres postgres;

  private EmbeddedServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedServer start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir.getParent() == null ? Path.of(".") : dataDir.toAbsolutePath().getParent());
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir.toAbsolutePath())
        .setCleanDataDirectory(false)
        .start();
    LOG.info("embedded PostgreSQL on port " + pg.getPort() + ", data in " + dataDir.toAbsolutePath());
    return new EmbeddedServer(pg);
  }

  GatewayConfig.Database asConfig(GatewayConfig.Database base) {
    return new GatewayConfig.Database("postgresql://localhost:" + postgres.getPort() + "/postgres",
        "postgres", "postgres", base.poolSize(), base.embeddedDataDir());
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
