package io.gitops.gateway.sim;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket watches open now, by resource ({@code configmaps}, {@code apps/deployments}): what
 * a client watches as the server sees it, so a test can tell that a client closed a watch it no
 * longer needs. HTTP watches are long polls that end by themselves and are not counted.
 */
final class OpenWatches {
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /** {@code group/plural}, or the plural alone for the core group. */
  static String key(String group, String plural) {
    return group == null || group.isEmpty() ? plural : group + "/" + plural;
  }

  int count(String resource) {
    AtomicInteger n = open.get(resource);
    return n == null ? 0 : n.get();
  }

  int total() {
    return open.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** {@code watch}, counted from its opening to its first sign of an end. */
  WebSocketListener counted(String resource, WebSocketListener watch) {
    AtomicInteger n = open.computeIfAbsent(resource, r -> new AtomicInteger());
    AtomicBoolean ended = new AtomicBoolean();
    AtomicBoolean opened = new AtomicBoolean();
    return new WebSocketListener() {
      private void end() {
        // closing, closed and failure may each be told of one socket: count its end once
        if (opened.get() && ended.compareAndSet(false, true)) {
          n.decrementAndGet();
        }
      }

      @Override
      public void onBeforeAccept(WebSocket socket, Response response) {
        watch.onBeforeAccept(socket, response);
      }

      @Override
      public void onOpen(WebSocket socket, Response response) {
        if (opened.compareAndSet(false, true)) {
          n.incrementAndGet();
        }
        watch.onOpen(socket, response);
      }

      @Override
      public void onMessage(WebSocket socket, String text) {
        watch.onMessage(socket, text);
      }

      @Override
      public void onMessage(WebSocket socket, ByteString bytes) {
        watch.onMessage(socket, bytes);
      }

      @Override
      public void onMessage(WebSocket socket, byte[] bytes) {
        watch.onMessage(socket, bytes);
      }

      @Override
      public void onPing(WebSocket socket, byte[] bytes) {
        watch.onPing(socket, bytes);
      }

      @Override
      public void onClosing(WebSocket socket, int code, String reason) {
        end();
        watch.onClosing(socket, code, reason);
      }

      @Override
      public void onClosed(WebSocket socket, int code, String reason) {
        end();
        watch.onClosed(socket, code, reason);
      }

      @Override
      public void onFailure(WebSocket socket, Throwable failure, Response response) {
        end();
        watch.onFailure(socket, failure, response);
      }
    };
  }
}
