package dev.hawkeye.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aRunWhoseEveryPointTheServerConfirmedPasses() {
        assertThat(Verdict.problems(null, new Load.Outcome(1000, 1000, 0, 0, 0, true, null), 1000, TIMEOUT)).isEmpty();
    }

    @Test
    void aRunInWhichTheClientAggregatedPassesWhenTheWirePointsAreConfirmed() {
        assertThat(Verdict.problems(null, new Load.Outcome(1_000_000, 1000, 0, 0, 0, true, null), 1000, TIMEOUT)).isEmpty();
    }

    @Test
    void aRunThatLostPointsFailsAndSaysHowMany() {
        assertThat(Verdict.problems(null, new Load.Outcome(1000, 1000, 0, 0, 0, true, null), 990, TIMEOUT))
                .containsExactly("the server confirmed 990 points but 1,000 were sent (10 lost)");
    }

    @Test
    void moreConfirmedThanSentMeansAnotherClientIsSending() {
        assertThat(Verdict.problems(null, new Load.Outcome(1000, 1000, 0, 0, 0, true, null), 1001, TIMEOUT))
                .containsExactly("the server confirmed 1,001 points but 1,000 were sent (another client is sending to this server)");
    }

    @Test
    void dropsRejectionsErrorsAndAnUnsettledServerEachFailTheRun() {
        assertThat(Verdict.problems(null, new Load.Outcome(1000, 990, 10, 0, 0, true, null), 990, TIMEOUT))
                .containsExactly("the client dropped 10 points");
        assertThat(Verdict.problems(null, new Load.Outcome(1000, 1000, 0, 2, 1, true, "{\"error\"}"), 997, TIMEOUT))
                .containsExactly("the server rejected 2 points and answered 1 errors (first: {\"error\"})");
        assertThat(Verdict.problems(null, new Load.Outcome(1000, 1000, 0, 0, 0, false, null), 1000, TIMEOUT))
                .containsExactly("the server did not answer for every point within 60s");
    }

    @Test
    void aLoadThatStoppedEarlyFailsWithTheReason() {
        assertThat(Verdict.problems(new EOFException("hawkeye at /tmp/h.sock closed the connection"),
                new Load.Outcome(10, 10, 0, 0, 0, true, null), 10, TIMEOUT))
                .containsExactly("the load stopped early: hawkeye at /tmp/h.sock closed the connection");
    }
}
