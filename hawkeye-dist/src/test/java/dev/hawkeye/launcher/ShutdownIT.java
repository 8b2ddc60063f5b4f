package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.client.HawkeyeClient;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGTERM stops hawkeye cleanly; a second hawkeye on a live socket refuses to start. */
class ShutdownIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();
    private HawkeyeProcess hawkeye;

    @BeforeEach
    void startHawkeye() throws Exception {
        hawkeye = distribution.start("run", "--config", distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG).toString(),
                "--socket", distribution.socket().toString());
        Processes.awaitPing(hawkeye, distribution.socket());
    }

    @Test
    void sigtermFlushesClosesTheSocketAndExitsWithZero() throws Exception {
        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
            client.gauge("e2e.queue", 7);
            assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
        }

        hawkeye.terminate();
        HawkeyeProcess.Result result = hawkeye.awaitExit(Duration.ofSeconds(10));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        assertThat(distribution.socket()).as("the socket file is removed").doesNotExist();
        assertThat(result.stderrText()).as(result.toString()).contains("received SIGTERM");
        // The last log line gives the counters after the final flush: the point was taken and written, nothing dropped.
        assertThat(result.stderr()).as(result.toString()).last(InstanceOfAssertFactories.STRING)
                .contains("stopped after the final flush").contains("points.accepted=1").contains("batches.written=")
                .doesNotContain("dropped").doesNotContain("store.errors");
    }

    @Test
    void aSecondHawkeyeOnALiveSocketExitsWithOne() throws Exception {
        HawkeyeProcess.Result second = distribution.run("run", "--config", distribution.workDir().resolve("monitors.yaml").toString(),
                "--socket", distribution.socket().toString());

        assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
        assertThat(second.stderrText()).as(second.toString()).contains(distribution.socket().toString());
        assertThat(hawkeye.isAlive()).as("the first one keeps running").isTrue();
        assertThat(distribution.socket()).exists();
    }
}
