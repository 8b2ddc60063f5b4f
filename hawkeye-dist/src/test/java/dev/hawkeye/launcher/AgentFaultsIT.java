package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agents promise under faults, end to end: a server and agents ({@code hawkeye server},
 * {@code hawkeye agent}) as separate processes sharing one Redis, a monitor routed to a local
 * Slack webhook. Whatever happens to the agent that holds the lease, the webhook receives the
 * monitor's FIRING once and its RESOLVED once.
 */
class AgentFaultsIT {
    private static final Duration LEASE_TTL = Duration.ofSeconds(15);
    private static final String CONFIG = """
            version: 2
            store: {type: redis, url: "${REDIS_URL}"}
            notifiers:
              chat: {type: slack, webhook_url: "%s"}
            defaults: {window: 2s, evaluate_every: 1s, repeat_every: 1h}
            monitors:
              - name: checkout-errors
                metric: e2e.errors
                aggregate: count
                triggers:
                  - {level: warning, when: ">= 3", notify: [{via: chat}]}
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();
    private RedisServer redis;
    private WebhookServer slack;
    private final AtomicBoolean breaching = new AtomicBoolean();
    private Thread sender;

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.startFor(distribution);
        slack = new WebhookServer();
    }

    @AfterEach
    void stopEverything() throws Exception {
        stopBreaching();
        slack.close();
        redis.close();
    }

    @Test
    void aHolderPausedForTwiceItsLeaseDoesNotResolveAgainWhatTheAgentThatTookOverResolved() throws Exception {
        String config = startServer();
        HawkeyeProcess paused = distribution.start("agent", "--config", config);
        paused.awaitStderrLine(line -> line.contains("hawkeye agent running with"), Duration.ofSeconds(20));
        HawkeyeProcess standby = distribution.start("agent", "--config", config);
        standby.awaitStderrLine(line -> line.contains("standing by"), Duration.ofSeconds(20));

        startBreaching();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("[FIRING") == 1);
        // Paused between delivery and its removal from the outbox, the next holder would rightly send it again
        // (at least once): this test is about the holder's fence, so it pauses it once the delivery is acknowledged.
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.outboxSize() == 0);
        paused.signal("STOP");
        try {
            stopBreaching();
            // The agent that takes over loads FIRING from Redis and resolves it while the holder is stopped.
            standby.awaitStderrLine(line -> line.contains("took over the lease"), LEASE_TTL.plusSeconds(10));
            await().atMost(Duration.ofSeconds(15)).until(() -> count("[RESOLVED") == 1);
            Thread.sleep(LEASE_TTL.multipliedBy(2).toMillis());
        } finally {
            paused.signal("CONT");
        }

        // Resumed, the old holder still has FIRING in memory and sees no more errors: acting on it would resolve again.
        paused.awaitStderrLine(line -> line.contains("stands by"), Duration.ofSeconds(20));
        Thread.sleep(5_000);
        assertThat(slack.texts()).as("one FIRING and one RESOLVED; resumed: %s; took over: %s", paused.describe(), standby.describe())
                .filteredOn(text -> text.contains("[FIRING")).hasSize(1);
        assertThat(slack.texts()).as("resumed: %s", paused.describe()).filteredOn(text -> text.contains("[RESOLVED")).hasSize(1);
    }

    @Test
    void aFiringDecidedByAnAgentKilledWhileTheWebhookWasDownIsSentOnceByTheNextAgent() throws Exception {
        slack.refuse(true);
        String config = startServer();
        HawkeyeProcess killed = distribution.start("agent", "--config", config);
        killed.awaitStderrLine(line -> line.contains("hawkeye agent running with"), Duration.ofSeconds(20));

        startBreaching();
        await().atMost(Duration.ofSeconds(30)).until(() -> slack.refused() >= 1);
        killed.kill();
        slack.refuse(false);

        HawkeyeProcess next = distribution.start("agent", "--config", config);
        // The killed agent's lease must run out before the next one takes over and sends what the outbox holds.
        await().atMost(LEASE_TTL.plusSeconds(25)).until(() -> count("[FIRING") >= 1);
        stopBreaching();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("[RESOLVED") >= 1);
        Thread.sleep(3_000);

        assertThat(slack.texts()).as("killed: %s; next: %s", killed.describe(), next.describe())
                .filteredOn(text -> text.contains("[FIRING")).hasSize(1);
        assertThat(slack.texts()).filteredOn(text -> text.contains("[RESOLVED")).hasSize(1);
        assertThat(next.stderr()).anyMatch(line -> line.contains("left in the outbox"));
    }

    private String startServer() throws IOException {
        String config = distribution.writeConfig("monitors.yaml", CONFIG.formatted(slack.url())).toString();
        HawkeyeProcess server = distribution.start("server", "--config", config, "--socket", distribution.socket().toString());
        Processes.awaitPing(server, distribution.socket());
        return config;
    }

    private long count(String prefix) {
        return slack.texts().stream().filter(text -> text.contains(prefix)).count();
    }

    /** Five increments every 300 ms until {@link #stopBreaching}: the 2-second window always counts more than 3. */
    private void startBreaching() {
        breaching.set(true);
        sender = new Thread(() -> {
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
        }, "breach");
        sender.start();
    }

    private void stopBreaching() throws InterruptedException {
        breaching.set(false);
        if (sender != null) {
            sender.join();
        }
    }
}
