package io.gitops.gateway.sim;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A watch's WebSocket listener whose close runs off the event loop. fabric8's watch listener (mock
 * server 8.0.0), when its client goes away, waits up to a minute on the event loop for its sender
 * to finish, while the sender waits up to 30 s for a write only that event loop can complete: a
 * client killed with events pending (a gateway replica's {@code kill -9} mid-sync) froze the whole
 * simulated API server for minutes, and the surviving replicas' writes to it timed out. Closing
 * elsewhere lets the event loop fail the write at once.
 */
final class WatchCloses extends WebSocketListener {
  private static final ExecutorService CLOSER =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "simulator-watch-close");
            t.setDaemon(true);
            return t;
          });

  private final WebSocketListener watch;

  WatchCloses(WebSocketListener watch) {
    this.watch = watch;
  }

  @Override
  public void onBeforeAccept(WebSocket ws, Response response) {
    watch.onBeforeAccept(ws, response);
  }

  @Override
  public void onOpen(WebSocket ws, Response response) {
    watch.onOpen(ws, response);
  }

  @Override
  public void onMessage(WebSocket ws, String text) {
    watch.onMessage(ws, text);
  }

  @Override
  public void onMessage(WebSocket ws, ByteString bytes) {
    watch.onMessage(ws, bytes);
  }

  @Override
  public void onMessage(WebSocket ws, byte[] bytes) {
    watch.onMessage(ws, bytes);
  }

  @Override
  public void onPing(WebSocket ws, byte[] bytes) {
    watch.onPing(ws, bytes);
  }

  @Override
  public void onClosing(WebSocket ws, int code, String reason) {
    CLOSER.execute(() -> watch.onClosing(ws, code, reason));
  }

  @Override
  public void onClosed(WebSocket ws, int code, String reason) {
    CLOSER.execute(() -> watch.onClosed(ws, code, reason));
  }

  @Override
  public void onFailure(WebSocket ws, Throwable error, Response response) {
    CLOSER.execute(() -> watch.onFailure(ws, error, response));
  }
}
