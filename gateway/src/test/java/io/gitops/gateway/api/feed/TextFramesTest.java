package io.gitops.gateway.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppId;
import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import io.gitops.gateway.model.TenantId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frames a shard writes to every socket of a scope, read back by Netty's client-side decoder:
 * each change is one complete text message, in order, whatever its length (7-bit, 16-bit and 64-bit
 * length forms).
 */
class TextFramesTest {

  @Test
  void eachChangeIsOneTextMessageInOrderWhateverItsLength() {
    List<FeedEvent> events =
        List.of(
            event(1, "short"),
            event(2, "m".repeat(300)),
            event(3, "l".repeat(70_000)),
            event(4, "é ✓"));
    TextFrames frames = new TextFrames(events);
    List<String> read = decode(frames.get());
    frames.release();

    assertThat(read).containsExactlyElementsOf(events.stream().map(FeedEvent::json).toList());
  }

  @Test
  void framesAreEncodedOnlyWhenASocketTakesThemAndReleasedOnce() {
    TextFrames frames = new TextFrames(List.of(event(1, "x")));
    frames.release(); // nobody took them: nothing was allocated, nothing to free
    ByteBuf encoded = frames.get();
    ByteBuf written = encoded.retainedDuplicate(); // what a socket write holds until it is sent
    frames.release();
    assertThat(encoded.refCnt()).as("the socket's write still holds the bytes").isEqualTo(1);
    written.release();
    assertThat(encoded.refCnt()).isZero();
  }

  private static List<String> decode(ByteBuf frames) {
    // A client reads unmasked frames; the limit is raised for the 70 kB message.
    EmbeddedChannel client =
        new EmbeddedChannel(
            new WebSocket08FrameDecoder(
                WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false)
                    .maxFramePayloadLength(1 << 20)
                    .build()));
    client.writeInbound(frames.retainedDuplicate());
    List<String> texts = new ArrayList<>();
    for (Object frame; (frame = client.readInbound()) != null; ) {
      assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
      TextWebSocketFrame text = (TextWebSocketFrame) frame;
      assertThat(text.isFinalFragment()).isTrue();
      texts.add(text.text());
      text.release();
    }
    client.finishAndReleaseAll();
    return texts;
  }

  private static FeedEvent event(long seq, String message) {
    AppStatus status =
        new AppStatus(
            SyncStatus.SYNCED, HealthStatus.HEALTHY, "", "abc", message, List.of(), Instant.EPOCH);
    return FeedEvent.of(
        "change", seq, new AppView(new AppId(new TenantId("shop"), "web"), "prod", status));
  }
}
