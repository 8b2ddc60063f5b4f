package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.hawkeye.client.HawkeyeClient;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agents promise under faults, end to end: a server and agents ({@code hawkeye server},
 * {@code hawkeye agent}) as separate processes sharing one Redis, a monitor routed to a local
 * Slack webhook or to a GreenMail SMTP server. Whatever happens to the agent that holds the lease,
 * the monitor's FIRING arrives once and its RESOLVED once.
 *
 * <p>Killed with a FIRING decided but not delivered, an agent leaves it in the outbox: before the
 * outbox the FIRING lived in the killed agent's memory only, and the next agent, loading FIRING
 * from Redis, had nothing to say until the monitor resolved.
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
    private static final String MAIL_CONFIG = """
            version: 2
            store: {type: redis, url: "${REDIS_URL}"}
            notifiers:
              mail: {type: email, host: 127.0.0.1, port: %d, starttls: false, from: hawkeye@example.com, timeout: 2s}
            defaults: {window: 2s, evaluate_every: 1s, repeat_every: 1h}
            monitors:
              - name: checkout-errors
                metric: e2e.errors
                aggregate: count
                triggers:
                  - {level: warning, when: ">= 3", notify: [{via: mail, to: [oncall@example.com]}]}
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();
    private RedisServer redis;
    private WebhookServer slack;
    /** Started only once the test wants SMTP up. */
    private GreenMail smtp;
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
        if (smtp != null) {
            smtp.stop();
        }
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
    void aFiringQueuedByAnAgentKilledWhileSmtpWasDownArrivesOnceWithItsOwnMessageIdWhenSmtpIsBack() throws Exception {
        int smtpPort = freePort();
        String config = startServer(MAIL_CONFIG.formatted(smtpPort));
        HawkeyeProcess killed = distribution.start("agent", "--config", config);
        killed.awaitStderrLine(line -> line.contains("hawkeye agent running with"), Duration.ofSeconds(20));

        startBreaching();
        // Nothing listens on the SMTP port yet: the FIRING waits for its retry, in the outbox and in the agent's lane.
        killed.awaitStderrLine(line -> line.contains("via mail failed"), Duration.ofSeconds(30));
        String outbox = redis.outboxValues();
        killed.kill();
        String messageId = messageIdOf(outbox);

        HawkeyeProcess next = distribution.start("agent", "--config", config);
        // The killed agent's lease must run out before the next one takes over; only then does SMTP come back.
        next.awaitStderrLine(line -> line.contains("took over the lease"), LEASE_TTL.plusSeconds(25));
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 1);
        stopBreaching();
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 2);
        Thread.sleep(3_000);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(kinds(received)).as("killed: %s; next: %s", killed.describe(), next.describe())
                .containsExactly("FIRING", "RESOLVED");
        assertThat(received[0].getMessageID()).as("the id the killed agent's outbox entry gave it").isEqualTo(messageId);
        assertThat(next.stderr()).anyMatch(line -> line.contains("left in the outbox"));
    }

    private String startServer() throws IOException {
        return startServer(CONFIG.formatted(slack.url()));
    }

    private String startServer(String yaml) throws IOException {
        String config = distribution.writeConfig("monitors.yaml", yaml).toString();
        HawkeyeProcess server = distribution.start("server", "--config", config, "--socket", distribution.socket().toString());
        Processes.awaitPing(server, distribution.socket());
        return config;
    }

    /**
     * The Message-ID the email notifier gives the one notification of {@code outbox} (entries as
     * {@link RedisServer#outboxValues()} prints them): its id and firing start, at the sender's domain.
     */
    private static String messageIdOf(String outbox) {
        Matcher id = Pattern.compile("[{,]\"id\":\"([^\"]+)\"").matcher(outbox);
        Matcher since = Pattern.compile("\"since_ms\":(\\d+)").matcher(outbox);
        assertThat(id.find() && since.find()).as("a notification in the outbox: %s", outbox).isTrue();
        String messageId = "<" + id.group(1) + "." + since.group(1) + "@example.com>";
        assertThat(id.find()).as("only one notification in the outbox: %s", outbox).isFalse();
        return messageId;
    }

    private static List<String> kinds(MimeMessage[] messages) throws MessagingException {
        List<String> kinds = new ArrayList<>();
        for (MimeMessage message : messages) {
            kinds.add(message.getHeader("X-Hawkeye-Kind", null));
        }
        return kinds;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
