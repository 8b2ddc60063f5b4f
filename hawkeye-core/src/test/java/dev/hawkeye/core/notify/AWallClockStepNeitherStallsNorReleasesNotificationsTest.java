package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backoffs, rate windows and maximum ages are elapsed time: the wall clock (an NTP step, a VM
 * resumed, an operator's {@code date -s}) stepping an hour either way while a notification waits
 * changes neither when it goes out nor whether it may. The wall clock here is one the test steps;
 * elapsed time is the real one, so the windows are short.
 */
class AWallClockStepNeitherStallsNorReleasesNotificationsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final ManualClock wall = new ManualClock(T0);
    private final Counters counters = new Counters();
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aStepBackDoesNotHoldTheSummaryOfARateLimitForAnHour() {
        RecordingNotifier mail = RecordingNotifier.working();
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, wall, retries(Duration.ofMinutes(15))
                .withRateLimit(1, Duration.ofMillis(500)));
        dispatcher.dispatch("mail", firing("a/1/1/mail"));
        dispatcher.dispatch("mail", firing("a/1/2/mail"));
        await().until(() -> counters.get(Counters.NOTIFICATIONS_SUPPRESSED) == 1);

        wall.advance(HOUR.negated());

        await().atMost(Duration.ofSeconds(5)).until(() -> mail.delivered().size() == 2);
        assertThat(mail.delivered().get(1).condition()).startsWith("1 more notification suppressed");
    }

    @Test
    void aStepForwardDoesNotOpenTheRateLimitToABurst() {
        RecordingNotifier mail = RecordingNotifier.working();
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, wall, retries(Duration.ofMinutes(15))
                .withRateLimit(2, Duration.ofMinutes(1)));
        dispatcher.dispatch("mail", firing("a/1/1/mail"));
        dispatcher.dispatch("mail", firing("a/1/2/mail"));
        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 2);

        wall.advance(HOUR);
        for (int i = 3; i <= 5; i++) {
            dispatcher.dispatch("mail", firing("a/1/" + i + "/mail"));
        }

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SUPPRESSED) + counters.get(Counters.NOTIFICATIONS_SENT) == 5);
        assertThat(mail.delivered()).as("two a minute, whatever the wall clock says").hasSize(2);
        assertThat(counters.get(Counters.NOTIFICATIONS_SUPPRESSED)).isEqualTo(3);
    }

    @Test
    void aStepForwardDoesNotAgeARetryPastItsMaximumAge() {
        // The age is judged after each failure: the second one comes after the step.
        RecordingNotifier mail = RecordingNotifier.failingFirst(2);
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, wall, retries(Duration.ofMinutes(1)));
        dispatcher.dispatch("mail", firing("a/1/1/mail"));
        await().until(() -> mail.attempts() == 1);

        wall.advance(HOUR);

        await().atMost(Duration.ofSeconds(5)).until(() -> counters.get(Counters.NOTIFICATIONS_SENT)
                + counters.get(Counters.NOTIFICATIONS_FAILED) == 1);
        assertThat(mail.delivered()).extracting(Notification::id).containsExactly("a/1/1/mail");
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isZero();
    }

    @Test
    void aStepBackDoesNotDelayARetry() {
        RecordingNotifier mail = RecordingNotifier.failingFirst(1);
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, wall, retries(Duration.ofMinutes(1)));
        dispatcher.dispatch("mail", firing("a/1/1/mail"));
        await().until(() -> mail.attempts() == 1);

        wall.advance(HOUR.negated());

        await().atMost(Duration.ofSeconds(5)).until(() -> mail.delivered().size() == 1);
    }

    /** A first retry 300 ms after a failure. */
    private static DispatchSettings retries(Duration maxAge) {
        return new DispatchSettings(100, 5, maxAge, Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    private static final PluginConfig ONCALL = PluginConfig.of("monitors[0].triggers[0].notify[0]",
            Map.of("via", "mail", "to", List.of("oncall@example.com")), key -> "monitors.yaml:7:9");

    private static Notification firing(String id) {
        return new Notification(id, Notification.Kind.FIRING, Notification.Reason.STARTED, "a", "critical", 5,
                "count(x) > 1 over 1m", Duration.ofMinutes(1), T0, T0, ONCALL);
    }
}
