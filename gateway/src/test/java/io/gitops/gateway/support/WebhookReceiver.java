package io.gitops.gateway.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback that records every request a notification target gets, and answers
 * 200 unless told to fail a path's first requests ({@link #failFirst}).
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received, with the status it was answered. */
  public record Received(
      String path, String query, MultiMap headers, JsonObject body, int answered) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private final Map<String, Queue<Integer>> scripted = new ConcurrentHashMap<>();

  private WebhookReceiver(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              Queue<Integer> script = scripted.get(req.path());
                              Integer scriptedStatus = script == null ? null : script.poll();
                              int status = scriptedStatus == null ? 200 : scriptedStatus;
                              received.add(
                                  new Received(
                                      req.path(),
                                      req.query(),
                                      MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                                      body.length() == 0 ? null : body.toJsonObject(),
                                      status));
                              req.response().setStatusCode(status).end();
                            }))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  public static WebhookReceiver start() throws Exception {
    return new WebhookReceiver(Vertx.vertx());
  }

  /** The first requests to {@code path} are answered with these statuses, in order. */
  public void failFirst(String path, Integer... statuses) {
    scripted.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.actualPort() + pathAndQuery;
  }

  public List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
