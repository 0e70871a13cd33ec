package io.gitops.gateway.api.feed;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Map;
import java.util.Optional;

/**
 * The socket under an upgraded feed WebSocket, where {@link TextFrames} may be written as they are.
 * Writes made on the connection's event loop keep their order with Vert.x's own (snapshot, pings),
 * and count towards the write queue that {@code writeQueueFull} and drain report.
 */
final class FrameChannel {
  private FrameChannel() {}

  /**
   * Empty for another transport, or when an extension (permessage-deflate) must see every frame.
   */
  static Optional<Channel> of(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return Optional.empty();
    }
    Channel channel = base.channel();
    for (Map.Entry<String, io.netty.channel.ChannelHandler> handler : channel.pipeline()) {
      if (handler.getValue() instanceof WebSocketExtensionEncoder) {
        return Optional.empty();
      }
    }
    return Optional.of(channel);
  }
}
