package dev.hawkeye.notifier.slack;

import static dev.hawkeye.notifier.slack.SlackNotifierTest.firing;
import static dev.hawkeye.notifier.slack.SlackNotifierTest.route;
import static dev.hawkeye.notifier.slack.SlackNotifierTest.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.notify.DispatchSettings;
import dev.hawkeye.core.notify.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Slack notifier behind core's real dispatcher, against a Slack that answers 429 first. */
class SlackDeliveryThroughDispatcherTest {
    /** Retries after 5-20 ms: only Slack's Retry-After can make the dispatcher wait longer. */
    private static final DispatchSettings QUICK_RETRIES = new DispatchSettings(100, 5, Duration.ofHours(1),
            Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));

    private final Counters counters = new Counters();
    private final FakeSlack slack = new FakeSlack();
    private Dispatcher dispatcher;

    SlackDeliveryThroughDispatcherTest() throws Exception {
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        slack.close();
    }

    @Test
    void aRateLimitedPostIsDeliveredExactlyOnceAfterSlacksRetryAfter() {
        slack.thenAnswer(FakeSlack.Response.rateLimited(1));
        Notifier notifier = new SlackNotifierFactory().create(section(Map.of("webhook_url", slack.url() + "/services/T/B/X")));
        dispatcher = new Dispatcher(Map.of("ops", notifier), counters, Clock.systemUTC(), QUICK_RETRIES);

        dispatcher.dispatch("ops", firing("critical", route(Map.of())));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 1);
        dispatcher.close();
        assertThat(slack.requests()).hasSize(2);
        assertThat(slack.requests().get(1).body()).isEqualTo(slack.requests().get(0).body());
        assertThat(Duration.ofNanos(slack.requests().get(1).receivedNanos() - slack.requests().get(0).receivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isZero();
    }
}
