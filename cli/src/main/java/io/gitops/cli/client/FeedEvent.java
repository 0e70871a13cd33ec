package io.gitops.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/** What the live feed hands to the command reading it, in order. */
public sealed interface FeedEvent {
  /** One JSON message of /ws/status ({@code app}, {@code snapshot-complete}, {@code change} …). */
  record Message(JsonNode json) implements FeedEvent {}

  /** The socket closed (4401: bad or expired token; 4008: too slow). */
  record Closed(int code, String reason) implements FeedEvent {}

  /** The connection failed or broke. */
  record Failed(String reason) implements FeedEvent {}
}
