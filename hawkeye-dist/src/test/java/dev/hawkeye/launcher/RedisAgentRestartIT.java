package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent restarted while a monitor fires takes the alert state from Redis: the new agent sends
 * no second FIRING, and still sends RESOLVED when the breach ends; so does each instance of a
 * grouped monitor. The server ({@code hawkeye server}) and the agents ({@code hawkeye agent}) are
 * separate processes sharing one Redis.
 */
class RedisAgentRestartIT {
    private static final String GROUPED_CONFIG = """
            version: 2
            store: {type: redis, url: "${REDIS_URL}"}
            notifiers:
              pager: {type: console}
            defaults: {window: 2s, evaluate_every: 1s, repeat_every: 1h}
            monitors:
              - name: host-errors
                metric: fleet.errors
                aggregate: count
                group_by: [host]
                triggers: [{level: warning, when: ">= 3", notify: [pager]}]
            """;

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
        Thread sender = new Thread(() -> breach(breaching, client -> client.increment("e2e.errors")), "breach");
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

    @Test
    void eachInstanceOfAGroupedMonitorKeepsItsStateAcrossAnAgentRestart() throws Exception {
        String config = distribution.writeConfig("monitors.yaml", GROUPED_CONFIG).toString();
        HawkeyeProcess server = distribution.start("server", "--config", config, "--socket", distribution.socket().toString());
        Processes.awaitPing(server, distribution.socket());
        HawkeyeProcess first = distribution.start("agent", "--config", config);

        AtomicBoolean breaching = new AtomicBoolean(true);
        Thread sender = new Thread(() -> breach(breaching, client -> {
            client.increment("fleet.errors", "host", "web-1");
            client.increment("fleet.errors", "host", "web-2");
        }), "breach");
        sender.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> lines(first.stdout(), "FIRING").size() >= 2);
            first.terminate();
            HawkeyeProcess.Result stopped = first.awaitExit(Duration.ofSeconds(15));
            assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(0);

            HawkeyeProcess second = distribution.start("agent", "--config", config);
            second.awaitStderrLine(line -> line.contains("hawkeye agent running with"), Duration.ofSeconds(20));
            Thread.sleep(Duration.ofSeconds(6).toMillis());
            breaching.set(false);
            sender.join();

            await().atMost(Duration.ofSeconds(20)).until(() -> lines(second.stdout(), "RESOLVED").size() >= 2);
            assertThat(lines(stopped.stdout(), "FIRING")).as(stopped.toString()).hasSize(2)
                    .anyMatch(line -> line.contains("FIRING host-errors{host=web-1}"))
                    .anyMatch(line -> line.contains("FIRING host-errors{host=web-2}"));
            assertThat(second.stdout()).as("the new agent only resolves: " + second.describe())
                    .noneMatch(line -> line.contains("FIRING"));
            assertThat(lines(second.stdout(), "RESOLVED")).as(second.describe()).hasSize(2)
                    .anyMatch(line -> line.contains("RESOLVED host-errors{host=web-1}"))
                    .anyMatch(line -> line.contains("RESOLVED host-errors{host=web-2}"));
        } finally {
            breaching.set(false);
            sender.join();
        }
    }

    private static List<String> lines(List<String> output, String word) {
        return output.stream().filter(line -> line.contains(word)).toList();
    }

    /** A burst five times every 300 ms while {@code breaching}: the 2-second window always counts more than 3. */
    private void breach(AtomicBoolean breaching, Consumer<HawkeyeClient> burst) {
        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
            while (breaching.get()) {
                for (int i = 0; i < 5; i++) {
                    burst.accept(client);
                }
                client.flush(Duration.ofSeconds(5));
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
