package io.gitops.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Helm chart repository over HTTP on loopback: serves the files put in it by path; paths under a
 * protected prefix need basic auth. Records every request path, so a test can show that nothing was
 * fetched.
 */
public final class ChartRepoServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> protectedPrefixes = new ConcurrentHashMap<>();
  public final List<String> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public ChartRepoServer() throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  requests.add(req.path());
                  for (var p : protectedPrefixes.entrySet()) {
                    if (req.path().startsWith(p.getKey())
                        && !p.getValue().equals(req.getHeader("Authorization"))) {
                      req.response()
                          .setStatusCode(401)
                          .putHeader("WWW-Authenticate", "Basic realm=\"charts\"")
                          .end();
                      return;
                    }
                  }
                  byte[] body = files.get(req.path());
                  if (body == null) {
                    req.response().setStatusCode(404).end();
                  } else {
                    req.response().end(Buffer.buffer(body));
                  }
                })
            .listen(0, "127.0.0.1")
            .await(30, TimeUnit.SECONDS);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public ChartRepoServer put(String path, byte[] body) {
    files.put(path, body);
    return this;
  }

  public ChartRepoServer put(String path, String body) {
    return put(path, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Paths starting with {@code prefix} answer 401 unless given these basic credentials. */
  public ChartRepoServer protect(String prefix, String username, String password) {
    protectedPrefixes.put(
        prefix,
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
