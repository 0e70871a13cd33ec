package io.gitops.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.gateway.model.AppStatus;
import io.gitops.gateway.model.HealthStatus;
import io.gitops.gateway.model.SyncStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status a person reads: the source says what is wrong with the repository, the status recorder
 * puts it in front of the reconcile's own message (the source never edits a status).
 */
class StatusRecorderTest {
  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("synced to abc1234", Optional.empty(), "synced to abc1234"),
        Arguments.of("", Optional.of("cannot fetch r.git"), "cannot fetch r.git"),
        Arguments.of(
            "synced to abc1234",
            Optional.of("revision 'v2' is gone"),
            "revision 'v2' is gone; synced to abc1234"));
  }

  @ParameterizedTest(name = "[{0}] + {1} = [{2}]")
  @MethodSource("messages")
  void theRepositorysTroubleComesFirst(String message, Optional<String> problem, String shown) {
    AppStatus status =
        new AppStatus(
            SyncStatus.SYNCED,
            HealthStatus.HEALTHY,
            "",
            "abc1234",
            message,
            List.of(),
            Instant.EPOCH);

    AppStatus recorded = StatusRecorder.withSourceProblem(status, problem);

    assertThat(recorded.message()).isEqualTo(shown);
    assertThat(recorded).usingRecursiveComparison().ignoringFields("message").isEqualTo(status);
  }
}
