package io.gitops.gateway.api.feed;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client of /ws/status that records every message and how it was closed. */
final class FeedClient {
  final List<JsonObject> messages = new CopyOnWriteArrayList<>();
  final ClientWebSocket ws;
  volatile Short closedWith;

  private FeedClient(ClientWebSocket ws) {
    this.ws = ws;
    // Handlers before connecting: the server may send the snapshot before connect() returns here.
    ws.textMessageHandler(text -> messages.add(new JsonObject(text)));
    ws.closeHandler(v -> closedWith = ws.closeStatusCode());
  }

  static FeedClient connect(Vertx vertx, int port, String uri, String token, int receiveBuffer)
      throws Exception {
    WebSocketClientOptions options = new WebSocketClientOptions().setMaxMessageSize(1 << 20);
    if (receiveBuffer > 0) {
      options.setReceiveBufferSize(receiveBuffer);
    }
    WebSocketClient client = vertx.createWebSocketClient(options);
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri);
    if (token != null) {
      connect.addHeader("Authorization", "Bearer " + token);
    }
    FeedClient c = new FeedClient(client.webSocket());
    c.ws.connect(connect).await(20, TimeUnit.SECONDS);
    return c;
  }

  List<JsonObject> ofType(String type) {
    return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
  }

  JsonObject marker() {
    return ofType("snapshot-complete").stream().findFirst().orElse(null);
  }

  void close() {
    ws.close();
  }
}
