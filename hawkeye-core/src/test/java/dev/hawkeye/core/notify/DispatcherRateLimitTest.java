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

/** The rate limit per notifier and the summary of what it held back, on a clock and a ticker the test moves. */
class DispatcherRateLimitTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final DispatchSettings THREE_PER_MINUTE = new DispatchSettings(100, 4, Duration.ofHours(1),
            Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5)).withRateLimit(3, Duration.ofMinutes(1));

    private final ManualClock clock = new ManualClock(T0);
    private final ManualTicker ticker = new ManualTicker(-Duration.ofDays(1).toNanos());
    private final Counters counters = new Counters();
    private final RecordingNotifier mail = RecordingNotifier.working();
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void sendsUpToTheLimitThenSummarisesTheRestInOneMessageWhenTheLimitFreesUp() {
        dispatcher = start(THREE_PER_MINUTE);

        for (int i = 1; i <= 10; i++) {
            dispatcher.dispatch("mail", firing("m" + (i % 2) + "/1/" + i + "/mail", "m" + (i % 2), i, ONCALL));
        }
        await().until(() -> counters.get(Counters.NOTIFICATIONS_SUPPRESSED) == 7);
        assertThat(mail.delivered()).hasSize(3);

        advance(Duration.ofSeconds(61));

        await().until(() -> mail.delivered().size() == 4);
        Notification summary = mail.delivered().get(3);
        assertThat(summary.kind()).isEqualTo(Notification.Kind.FIRING);
        assertThat(summary.monitor()).isEqualTo("2 monitors");
        assertThat(summary.value()).isEqualTo(7);
        assertThat(summary.condition()).isEqualTo("7 more notifications suppressed (limit 3 per 1m): "
                + "m0 FIRING critical 10 (4x), m1 FIRING critical 9 (3x)");
        assertThat(summary.route()).isSameAs(ONCALL);
        assertThat(summary.at()).isEqualTo(T0.plusSeconds(61));
        assertThat(counters.get(Counters.NOTIFICATIONS_SENT)).isEqualTo(4);
    }

    @Test
    void eachRouteGetsItsOwnSummary() {
        dispatcher = start(THREE_PER_MINUTE);

        for (int i = 1; i <= 3; i++) {
            dispatcher.dispatch("mail", firing("a/1/" + i + "/mail", "a", i, ONCALL));
        }
        dispatcher.dispatch("mail", firing("a/1/4/mail", "a", 4, ONCALL));
        dispatcher.dispatch("mail", firing("b/1/1/mail", "b", 5, CTO));
        dispatcher.dispatch("mail", firing("b/1/2/mail", "b", 6, CTO));
        await().until(() -> counters.get(Counters.NOTIFICATIONS_SUPPRESSED) == 3);

        advance(Duration.ofMinutes(2));

        await().until(() -> mail.delivered().size() == 5);
        List<Notification> summaries = mail.delivered().subList(3, 5);
        assertThat(summaries).extracting(Notification::route).containsExactly(ONCALL, CTO);
        assertThat(summaries).extracting(Notification::monitor).containsExactly("a", "b");
        assertThat(summaries.get(0).condition()).isEqualTo("1 more notification suppressed (limit 3 per 1m): a FIRING critical 4 (1x)");
        assertThat(summaries.get(1).condition()).isEqualTo("2 more notifications suppressed (limit 3 per 1m): b FIRING critical 6 (2x)");
    }

    @Test
    void aSummaryOfResolvedMonitorsIsAResolved() {
        dispatcher = start(THREE_PER_MINUTE.withRateLimit(1, Duration.ofMinutes(1)));

        dispatcher.dispatch("mail", firing("a/1/1/mail", "a", 5, ONCALL));
        dispatcher.dispatch("mail", new Notification("a/1/2/mail", Notification.Kind.RESOLVED, Notification.Reason.RESOLVED, "a",
                "critical", 0, "count(x) > 1 over 1m", Duration.ofMinutes(1), T0, T0, ONCALL));
        await().until(() -> counters.get(Counters.NOTIFICATIONS_SUPPRESSED) == 1);

        advance(Duration.ofMinutes(1));

        await().until(() -> mail.delivered().size() == 2);
        assertThat(mail.delivered().get(1).kind()).isEqualTo(Notification.Kind.RESOLVED);
        assertThat(mail.delivered().get(1).condition()).endsWith("a RESOLVED critical 0 (1x)");
    }

    @Test
    void closeSendsWhatIsWaitingForASummaryRatherThanLoseIt() {
        dispatcher = start(THREE_PER_MINUTE.withRateLimit(1, Duration.ofMinutes(1)));
        dispatcher.dispatch("mail", firing("a/1/1/mail", "a", 5, ONCALL));
        dispatcher.dispatch("mail", firing("a/1/2/mail", "a", 6, ONCALL));
        await().until(() -> counters.get(Counters.NOTIFICATIONS_SUPPRESSED) == 1);

        dispatcher.close();

        assertThat(mail.delivered()).hasSize(2);
        assertThat(mail.delivered().get(1).condition()).startsWith("1 more notification suppressed");
    }

    @Test
    void theDefaultsAllowThirtyPerMinute() {
        assertThat(DispatchSettings.DEFAULTS.rateLimit()).isEqualTo(30);
        assertThat(DispatchSettings.DEFAULTS.rateWindow()).isEqualTo(Duration.ofMinutes(1));
    }

    private Dispatcher start(DispatchSettings settings) {
        return new Dispatcher(Map.of("mail", mail), counters, clock, ticker, settings, null, () -> true);
    }

    /** Time passes: on the wall clock, for the summaries' times, and on the ticker, for the limit. */
    private void advance(Duration duration) {
        clock.advance(duration);
        ticker.advance(duration);
    }

    private static final PluginConfig ONCALL = PluginConfig.of("monitors[0].triggers[0].notify[0]",
            Map.of("via", "mail", "to", List.of("oncall@example.com")), key -> "monitors.yaml:7:9");
    private static final PluginConfig CTO = PluginConfig.of("monitors[0].triggers[1].notify[0]",
            Map.of("via", "mail", "to", List.of("cto@example.com")), key -> "monitors.yaml:10:9");

    private static Notification firing(String id, String monitor, double value, PluginConfig route) {
        return new Notification(id, Notification.Kind.FIRING, Notification.Reason.STARTED, monitor, "critical", value,
                "count(x) > 1 over 1m", Duration.ofMinutes(1), T0, T0, route);
    }
}
