package io.gitops.gateway.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * A message that may cross replicas: JSON on the wire (length, then UTF-8), the record itself
 * within the process. A clustered event bus encodes only for a consumer on another member; a
 * consumer in the same process gets the very instance published, so one process never serialises.
 */
final class WireCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  WireCodec(Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    this.type = type;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  Class<T> type() {
    return type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T t) {
    Buffer json = toJson.apply(t).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(T t) {
    return t; // records of immutable parts: safe to share within the process
  }

  /** The same on every member: the receiver finds the codec by this name. */
  @Override
  public String name() {
    return "wire-" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
