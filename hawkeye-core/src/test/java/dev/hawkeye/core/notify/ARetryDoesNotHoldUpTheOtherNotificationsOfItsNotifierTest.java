package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A notification waiting for its retry is parked: the notifier's other notifications go out
 * meanwhile, while those of the same monitor and route keep their order behind it.
 */
class ARetryDoesNotHoldUpTheOtherNotificationsOfItsNotifierTest {
    /** The defaults, with a first retry one minute after a failure. */
    private static final DispatchSettings MINUTE_BACKOFF = new DispatchSettings(1_000, 10, Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(10), 0, 30, Duration.ofMinutes(1));
    private static final DispatchSettings RETRY_AFTER_300_MS = new DispatchSettings(1_000, 10, Duration.ofMinutes(15),
            Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(5));

    private final Counters counters = new Counters();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aRefusedRouteDoesNotDelayTheOtherAlertsOfItsNotifier() {
        AtomicInteger refusals = new AtomicInteger();
        Notifier mail = n -> {
            if (n.recipients().contains("typo@exmaple.com")) {
                refusals.incrementAndGet();
                throw new java.io.IOException("550 5.1.1 mailbox unavailable");
            }
            delivered.add(n.id());
        };
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, Clock.systemUTC(), MINUTE_BACKOFF);

        dispatcher.dispatch("mail", notification("disk/1/1/mail", Notification.Kind.FIRING, "typo@exmaple.com"));
        dispatcher.dispatch("mail", notification("checkout-errors/1/1/mail", Notification.Kind.FIRING, "oncall@example.com"));

        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains("checkout-errors/1/1/mail"));
        assertThat(refusals.get()).as("the refused one waits a minute for its retry").isEqualTo(1);
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isZero();
    }

    @Test
    void theNotificationsOfOneMonitorAndRouteStayInOrderBehindARetry() {
        AtomicInteger attempts = new AtomicInteger();
        Notifier mail = n -> {
            if (n.id().equals("disk/1/1/mail") && attempts.incrementAndGet() == 1) {
                throw new java.io.IOException("421 try again later");
            }
            delivered.add(n.id());
        };
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, Clock.systemUTC(), RETRY_AFTER_300_MS);

        dispatcher.dispatch("mail", notification("disk/1/1/mail", Notification.Kind.FIRING, "oncall@example.com"));
        dispatcher.dispatch("mail", notification("disk/1/2/mail", Notification.Kind.RESOLVED, "oncall@example.com"));
        dispatcher.dispatch("mail", notification("checkout-errors/1/1/mail", Notification.Kind.FIRING, "oncall@example.com"));

        // A send is counted once the notifier has returned, so wait for the count, not for the list.
        await().atMost(Duration.ofSeconds(10)).until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 3);
        assertThat(delivered).containsExactly("checkout-errors/1/1/mail", "disk/1/1/mail", "disk/1/2/mail");
    }

    @Test
    void closeStillRetriesWhatIsParkedWithinItsTimeout() {
        AtomicInteger attempts = new AtomicInteger();
        Notifier mail = n -> {
            if (attempts.incrementAndGet() == 1) {
                throw new java.io.IOException("421 try again later");
            }
            delivered.add(n.id());
        };
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, Clock.systemUTC(), RETRY_AFTER_300_MS);
        dispatcher.dispatch("mail", notification("disk/1/1/mail", Notification.Kind.FIRING, "oncall@example.com"));
        await().until(() -> attempts.get() == 1);

        dispatcher.close();

        assertThat(delivered).containsExactly("disk/1/1/mail");
        assertThat(counters.get(Counters.NOTIFICATIONS_SENT)).isEqualTo(1);
    }

    @Test
    void aParkedRetryIsLeftUnsentForTheOutboxWhenCloseRunsOutOfTime() {
        AtomicInteger attempts = new AtomicInteger();
        Notifier refusing = n -> {
            attempts.incrementAndGet();
            throw new java.io.IOException("550 5.1.1 mailbox unavailable");
        };
        dispatcher = new Dispatcher(Map.of("mail", refusing), counters, Clock.systemUTC(), MINUTE_BACKOFF);
        dispatcher.dispatch("mail", notification("disk/1/1/mail", Notification.Kind.FIRING, "typo@exmaple.com"));
        await().until(() -> attempts.get() == 1);

        dispatcher.close();

        assertThat(attempts.get()).isEqualTo(1);
        assertThat(counters.get(Counters.NOTIFICATIONS_UNSENT)).as("tried once, its retry not made").isEqualTo(1);
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).as("not given up: the next start sends it").isZero();
        assertThat(counters.get(Counters.NOTIFICATIONS_DROPPED)).isZero();
    }

    private static Notification notification(String id, Notification.Kind kind, String to) {
        Instant now = Instant.now();
        String monitor = id.split("/")[0];
        return new Notification(id, kind, kind == Notification.Kind.FIRING ? Notification.Reason.STARTED : Notification.Reason.RESOLVED,
                monitor, "critical", 1500, "count(x) >= 1000 over 1m", Duration.ofMinutes(1), now, now,
                PluginConfig.of("monitors[0].triggers[0].notify[0]", Map.of("to", List.of(to)), key -> "monitors.yaml:1:1"));
    }
}
