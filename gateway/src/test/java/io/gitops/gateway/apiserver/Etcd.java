package io.gitops.gateway.apiserver;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A single-member etcd on free local ports with its data in a temporary folder, for one API server.
 */
final class Etcd implements AutoCloseable {
  private final ChildProcess process;
  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  private Etcd(ChildProcess process, String url) {
    this.process = process;
    this.url = url;
  }

  static Etcd start(Path binary, Path dir) throws IOException {
    String client = "http://127.0.0.1:" + ServerFiles.freePort();
    String peer = "http://127.0.0.1:" + ServerFiles.freePort();
    ChildProcess p =
        ChildProcess.start(
            "etcd",
            List.of(
                binary.toString(),
                "--name=test",
                "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=test=" + peer,
                // a throw-away store: no fsync keeps it fast on a shared disk
                "--unsafe-no-fsync=true",
                "--log-level=warn"),
            dir.resolve("etcd.log"));
    Etcd etcd = new Etcd(p, client);
    try {
      await("etcd /health at " + client)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
          .until(
              () -> {
                p.requireAlive();
                HttpResponse<String> health = etcd.send("/health", null);
                return health.statusCode() == 200 && health.body().contains("\"health\":\"true\"");
              });
    } catch (RuntimeException e) {
      etcd.close();
      throw e;
    }
    return etcd;
  }

  String url() {
    return url;
  }

  ChildProcess process() {
    return process;
  }

  /**
   * Compacts etcd's history up to {@code revision} (a Kubernetes resourceVersion is an etcd
   * revision), as the API server does every few minutes: a watch resuming from before it gets 410
   * Gone.
   */
  void compact(long revision) {
    HttpResponse<String> res =
        send("/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
    if (res.statusCode() != 200) {
      throw new IllegalStateException(
          "etcd compaction to revision "
              + revision
              + " answered "
              + res.statusCode()
              + ": "
              + res.body());
    }
  }

  /** GET without a body, POST with one. */
  private HttpResponse<String> send(String path, String json) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10));
    req = json == null ? req.GET() : req.POST(HttpRequest.BodyPublishers.ofString(json));
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("etcd " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
