package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.client.HawkeyeClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/hawkeye run} with a version 2 file whose two triggers are routed to two different
 * notifiers: the warning to the console (standard output), the critical level to Slack (a local
 * webhook). Each level reaches its own medium and no other.
 */
class VersionTwoAlertsIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();
    private WebhookServer slack;

    @BeforeEach
    void start() throws Exception {
        slack = new WebhookServer();
    }

    @AfterEach
    void stopEverything() throws Exception {
        slack.close();
    }

    @Test
    void eachLevelReachesItsOwnNotifierOnly() throws Exception {
        String config = """
                version: 2
                notifiers:
                  pager: {type: console}
                  chat: {type: slack, webhook_url: "%s"}
                defaults: {window: 2s, evaluate_every: 1s, repeat_every: 1h}
                monitors:
                  - name: checkout-errors
                    metric: e2e.errors
                    tags: {service: checkout}
                    aggregate: count
                    triggers:
                      - level: warning
                        when: ">= 3"
                        notify: [{via: pager, to: [oncall@example.com]}]
                      - level: critical
                        when: ">= 30"
                        notify: [{via: chat}]
                """.formatted(slack.url());
        HawkeyeProcess hawkeye = distribution.start("run", "--config", distribution.writeConfig("monitors.yaml", config).toString(),
                "--socket", distribution.socket().toString());
        Processes.awaitPing(hawkeye, distribution.socket());

        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
            // About 4 errors a second (8 to 12 in a window): warning, not critical.
            sendUntil(client, 2, () -> hawkeye.stdout().stream().anyMatch(line -> line.contains("FIRING checkout-errors")));
            // About 80 a second: critical.
            sendUntil(client, 40, () -> !slack.texts().isEmpty());
        }
        // Silence: the monitor resolves, through the routes of the level it has then.
        await().atMost(Duration.ofSeconds(15)).until(() -> hawkeye.stdout().stream().anyMatch(line -> line.contains("RESOLVED"))
                || slack.texts().stream().anyMatch(text -> text.contains("RESOLVED")));

        List<String> console = hawkeye.stdout();
        assertThat(console).as(hawkeye.describe()).anyMatch(line -> line.contains("FIRING checkout-errors level=warning")
                && line.contains("count(e2e.errors{service=checkout}) >= 3 over 2s") && line.endsWith("to=oncall@example.com"));
        assertThat(console).as("only the warning level prints: " + hawkeye.describe())
                .allMatch(line -> line.contains(" level=warning ") && line.endsWith("to=oncall@example.com"));
        assertThat(slack.texts()).as("only the critical level posts to Slack")
                .isNotEmpty()
                .allMatch(text -> text.contains("critical") && !text.contains("warning"))
                .anyMatch(text -> text.contains("[FIRING critical, escalated] checkout-errors"));
    }

    /** Sends {@code perBurst} errors every half second until {@code done}, for at most 20 seconds. */
    private static void sendUntil(HawkeyeClient client, int perBurst, java.util.function.BooleanSupplier done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("the alert did not arrive in time").isBefore(deadline);
            client.count("e2e.errors", perBurst, "service", "checkout");
            assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
            Thread.sleep(500);
        }
    }
}
