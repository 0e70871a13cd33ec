package io.gitops.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.cli.CliException;
import io.gitops.cli.Exit;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows the live feed until a handler decides or a deadline passes, reconnecting after a dropped
 * connection with {@code since} = the last sequence number seen (the gateway replays what was
 * missed, or sends a fresh snapshot). A closed token (4401) is an auth error, not a reconnect.
 */
public final class FeedFollower {
  /** Decides on each message: empty to go on, or the exit code to stop with. */
  public interface Handler {
    Optional<Integer> onMessage(JsonNode message);
  }

  private FeedFollower() {}

  /** The handler's exit code, or empty when {@code deadline} passed first. */
  public static Optional<Integer> follow(
      Api api, String tenant, String app, Instant deadline, Handler handler) {
    long since = 0;
    int attempts = 0;
    String lastProblem = null;
    while (Instant.now().isBefore(deadline)) {
      if (attempts > 0) {
        pause(Duration.ofSeconds(Math.min(5, attempts)), deadline);
      }
      attempts++;
      try (LiveFeed feed = LiveFeed.open(api, tenant, app, since)) {
        while (true) {
          FeedEvent event = feed.next(Duration.between(Instant.now(), deadline));
          if (event == null) {
            return Optional.empty();
          }
          if (event instanceof FeedEvent.Message m) {
            attempts = 1;
            since = Math.max(since, m.json().path("seq").asLong(0));
            Optional<Integer> decided = handler.onMessage(m.json());
            if (decided.isPresent()) {
              return decided;
            }
          } else if (event instanceof FeedEvent.Closed c) {
            if (c.code() == 4401) {
              throw CliException.auth("the gateway closed the live feed: bad or expired token");
            }
            lastProblem = "feed closed (" + c.code() + " " + c.reason() + ")";
            break;
          } else if (event instanceof FeedEvent.Failed f) {
            lastProblem = f.reason();
            break;
          }
        }
      } catch (CliException e) {
        if (e.exitCode() != Exit.UNREACHABLE || attempts > 30) {
          throw e;
        }
        lastProblem = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(Exit.FAILED, "interrupted");
      }
      System.err.println("gitops: live feed lost (" + lastProblem + "), reconnecting");
    }
    return Optional.empty();
  }

  private static void pause(Duration wanted, Instant deadline) {
    long millis = Math.min(wanted.toMillis(), Duration.between(Instant.now(), deadline).toMillis());
    if (millis > 0) {
      try {
        Thread.sleep(millis); // back-off between reconnects
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(Exit.FAILED, "interrupted");
      }
    }
  }
}
