package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lane's retry bookkeeping, driven step by step on explicit times: no thread, no sleep. */
class RetryQueueTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    /** Ticker readings may be negative: only differences count. */
    private static final long T0 = -42 * SECOND;
    /** Up to 4 attempts within 10 s; waits of 1 s, 2 s, 4 s. */
    private static final DispatchSettings SETTINGS = new DispatchSettings(100, 4, Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(4), Duration.ofSeconds(5));

    private final RetryQueue retries = new RetryQueue(SETTINGS, () -> 0);

    @Test
    void aFailedDeliveryIsRetriedWhenItsBackoffHasPassedAndNotBefore() {
        Delivery disk = delivery("disk", ONCALL);
        retries.add(disk);
        attempt(retries.next(T0));

        assertThat(retries.failed(disk, T0, Duration.ZERO)).contains(Duration.ofSeconds(1));

        assertThat(retries.next(T0 + SECOND - 1)).isNull();
        assertThat(retries.nanosUntilDue(T0 + SECOND / 2)).isEqualTo(SECOND / 2);
        assertThat(retries.next(T0 + SECOND)).isSameAs(disk);
    }

    @Test
    void eachFurtherRetryWaitsTwiceAsLongUpToTheLongestBackoff() {
        Delivery disk = delivery("disk", ONCALL);
        RetryQueue patient = new RetryQueue(SETTINGS, () -> 0);
        patient.add(disk);
        long now = T0;
        for (Duration expected : List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))) {
            attempt(patient.next(now));
            assertThat(patient.failed(disk, now, Duration.ZERO)).contains(expected);
            now += expected.toNanos();
        }
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsWaited() {
        Delivery disk = delivery("disk", ONCALL);
        retries.add(disk);
        attempt(retries.next(T0));

        assertThat(retries.failed(disk, T0, Duration.ofSeconds(3))).contains(Duration.ofSeconds(3));
        assertThat(retries.next(T0 + 2 * SECOND)).isNull();
    }

    @Test
    void jitterTakesUpToItsFractionOffTheBackoff() {
        RetryQueue jittered = new RetryQueue(SETTINGS.withJitter(0.5), () -> 0.5);
        Delivery disk = delivery("disk", ONCALL);
        jittered.add(disk);
        attempt(jittered.next(T0));

        assertThat(jittered.failed(disk, T0, Duration.ZERO)).contains(Duration.ofMillis(750));
    }

    @Test
    void givesUpWhenItsAttemptsRunOut() {
        Delivery disk = delivery("disk", ONCALL);
        retries.add(disk);
        long now = T0;
        for (int i = 1; i < SETTINGS.maxAttempts(); i++) {
            attempt(retries.next(now));
            now += retries.failed(disk, now, Duration.ZERO).orElseThrow().toNanos();
        }
        attempt(retries.next(now));

        assertThat(retries.failed(disk, now, Duration.ZERO)).isEmpty();
        assertThat(retries.hasParked()).isFalse();
    }

    @Test
    void givesUpWhenTheRetryWouldStartAfterTheMaximumAge() {
        Delivery disk = new Delivery(notification("disk", ONCALL), T0 + 5 * SECOND, 0);
        retries.add(disk);
        attempt(retries.next(T0));

        assertThat(retries.failed(disk, T0 + 3 * SECOND, Duration.ZERO)).as("due at 4 s of 5").isPresent();
        attempt(retries.next(T0 + 4 * SECOND));
        assertThat(retries.failed(disk, T0 + 4 * SECOND, Duration.ZERO)).as("due at 6 s of 5").isEmpty();
    }

    @Test
    void theLaterDeliveriesOfAMonitorAndRouteWaitBehindAParkedOneWhileOthersPass() {
        Delivery firing = delivery("disk", ONCALL);
        Delivery resolved = delivery("disk", ONCALL);
        Delivery otherRoute = delivery("disk", CTO);
        Delivery otherMonitor = delivery("checkout-errors", ONCALL);
        retries.add(firing);
        attempt(retries.next(T0));
        retries.failed(firing, T0, Duration.ZERO);

        retries.add(resolved);
        retries.add(otherRoute);
        retries.add(otherMonitor);

        assertThat(retries.next(T0)).isSameAs(otherRoute);
        retries.done(otherRoute);
        assertThat(retries.next(T0)).isSameAs(otherMonitor);
        retries.done(otherMonitor);
        assertThat(retries.next(T0)).as("held behind the parked FIRING").isNull();
        assertThat(retries.size()).as("the parked one and the one held behind it").isEqualTo(2);

        assertThat(retries.next(T0 + SECOND)).isSameAs(firing);
        retries.done(firing);
        assertThat(retries.next(T0 + SECOND)).isSameAs(resolved);
        retries.done(resolved);
        assertThat(retries.size()).isZero();
    }

    @Test
    void aDeliveryAddedBehindOneNotYetAttemptedStillWaitsForIt() {
        Delivery firing = delivery("disk", ONCALL);
        Delivery resolved = delivery("disk", ONCALL);
        retries.add(firing);
        retries.add(resolved);

        attempt(retries.next(T0));
        retries.failed(firing, T0, Duration.ZERO);

        assertThat(retries.next(T0)).as("the RESOLVED must not pass its FIRING's retry").isNull();
    }

    @Test
    void clearForgetsEverythingAndSaysHowMuch() {
        Delivery firing = delivery("disk", ONCALL);
        retries.add(firing);
        retries.add(delivery("disk", ONCALL));
        retries.add(delivery("checkout-errors", ONCALL));
        attempt(retries.next(T0));
        retries.failed(firing, T0, Duration.ZERO);

        assertThat(retries.clear()).isEqualTo(3);
        assertThat(retries.next(T0 + SECOND)).isNull();
        assertThat(retries.nanosUntilDue(T0)).isEqualTo(Long.MAX_VALUE);
    }

    /** What the lane does when it attempts a delivery. */
    private static void attempt(Delivery delivery) {
        delivery.attempts++;
    }

    private static Delivery delivery(String monitor, PluginConfig route) {
        return new Delivery(notification(monitor, route), T0 + SETTINGS.maxAge().toNanos(), 0);
    }

    private static final PluginConfig ONCALL = PluginConfig.of("monitors[0].triggers[0].notify[0]",
            Map.of("via", "mail", "to", List.of("oncall@example.com")), key -> "monitors.yaml:7:9");
    private static final PluginConfig CTO = PluginConfig.of("monitors[0].triggers[0].notify[1]",
            Map.of("via", "mail", "to", List.of("cto@example.com")), key -> "monitors.yaml:8:9");
    private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");

    private static Notification notification(String monitor, PluginConfig route) {
        return new Notification(monitor + "/1/1/mail", Notification.Kind.FIRING, Notification.Reason.STARTED, monitor, "critical",
                5, "count(x) > 1 over 1m", Duration.ofMinutes(1), AT, AT, route);
    }
}
