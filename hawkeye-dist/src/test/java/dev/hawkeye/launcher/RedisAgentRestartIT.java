package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent restarted while a monitor fires takes the alert state from Redis: the new agent sends
 * no second FIRING, and still sends RESOLVED when the breach ends. The server ({@code hawkeye
 * server}) and the agents ({@code hawkeye agent}) are separate processes sharing one Redis.
 */
class RedisAgentRestartIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();
    private RedisServer redis;

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.startFor(distribution);
    }

    @AfterEach
    void stopEverything() throws IOException {
        redis.close();
    }

    @Test
    void anAgentRestartedWhileFiringSendsNoSecondFiringAndStillResolves() throws Exception {
        // Threshold 3 over 2 seconds, evaluated every 2 seconds; a repeat would come only after a minute.
        String config = distribution.writeConfig("monitors.yaml", AlertEndToEndIT.CONFIG).toString();
        HawkeyeProcess server = distribution.start("server", "--config", config, "--socket", distribution.socket().toString());
        Processes.awaitPing(server, distribution.socket());
        HawkeyeProcess first = distribution.start("agent", "--config", config);

        AtomicBoolean breaching = new AtomicBoolean(true);
        Thread sender = new Thread(() -> breach(breaching), "breach");
        sender.start();
        try {
            first.awaitStdoutLine(line -> line.contains("FIRING"), Duration.ofSeconds(20));
            first.terminate();
            HawkeyeProcess.Result stopped = first.awaitExit(Duration.ofSeconds(15));
            assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(0);

            HawkeyeProcess second = distribution.start("agent", "--config", config);
            second.awaitStderrLine(line -> line.contains("hawkeye agent running with"), Duration.ofSeconds(20));
            // Still breached for several evaluations of the new agent: one without the saved state would fire now.
            Thread.sleep(Duration.ofSeconds(6).toMillis());
            breaching.set(false);
            sender.join();

            String resolved = second.awaitStdoutLine(line -> line.contains("RESOLVED"), Duration.ofSeconds(20));
            assertThat(resolved).contains("e2e.errors");
            assertThat(stopped.stdout()).as(stopped.toString()).filteredOn(line -> line.contains("FIRING")).hasSize(1);
            assertThat(second.stdout()).as("the new agent only resolves: " + second.describe())
                    .noneMatch(line -> line.contains("FIRING"))
                    .filteredOn(line -> line.contains("RESOLVED")).hasSize(1);
        } finally {
            breaching.set(false);
            sender.join();
        }
    }

    /** Five increments every 300 ms while {@code breaching}: the 2-second window always counts more than 3. */
    private void breach(AtomicBoolean breaching) {
        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
            while (breaching.get()) {
                for (int i = 0; i < 5; i++) {
                    client.increment("e2e.errors");
                }
                client.flush(Duration.ofSeconds(5));
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
