package dev.hawkeye.core.notify;

import static dev.hawkeye.core.notify.DispatcherTest.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import dev.hawkeye.core.Counters;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Send timeouts, Retry-After and failures no retry can fix. */
class DispatcherTimeoutTest {
    /** Retries after 5-20 ms, sends time out after 100 ms. */
    private static final DispatchSettings FAST = new DispatchSettings(100, 4, Duration.ofHours(1), Duration.ofMillis(5),
            Duration.ofMillis(20), Duration.ofSeconds(5)).withSendTimeout(Duration.ofMillis(100));

    private final Counters counters = new Counters();
    private final CountDownLatch forever = new CountDownLatch(1);
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        forever.countDown();
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aSendStuckBeyondItsTimeoutIsAFailedAttemptAndIsRetried() {
        AtomicInteger attempts = new AtomicInteger();
        List<Notification> delivered = new CopyOnWriteArrayList<>();
        Notifier stuckOnce = notification -> {
            if (attempts.incrementAndGet() == 1) {
                forever.await();
            }
            delivered.add(notification);
        };
        dispatcher = new Dispatcher(Map.of("mail", stuckOnce), counters, Clock.systemUTC(), FAST);

        dispatcher.dispatch("mail", notification("m/1/1/mail"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 1);
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(delivered).extracting(Notification::id).containsExactly("m/1/1/mail");
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isZero();
    }

    @Test
    void aTimedOutSendThatIgnoresInterruptsIsNeverOverlappedAndItsLateSuccessCounts() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<Notification> delivered = new CopyOnWriteArrayList<>();
        Notifier slowAndDeaf = notification -> {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                if (attempts.incrementAndGet() == 1) {
                    sleepIgnoringInterrupts(Duration.ofMillis(400));
                }
                delivered.add(notification);
            } finally {
                concurrent.decrementAndGet();
            }
        };
        dispatcher = new Dispatcher(Map.of("mail", slowAndDeaf), counters, Clock.systemUTC(), FAST);

        dispatcher.dispatch("mail", notification("m/1/1/mail"));
        dispatcher.dispatch("mail", notification("m/1/2/mail"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 2);
        assertThat(delivered).extracting(Notification::id).containsExactly("m/1/1/mail", "m/1/2/mail");
        assertThat(attempts.get()).as("the late success is not sent again").isEqualTo(2);
        assertThat(maxConcurrent.get()).isEqualTo(1);
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isZero();
    }

    @Test
    void waitsAtLeastTheRetryAfterTheNotifierAskedFor() {
        List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        Notifier rateLimited = notification -> {
            attemptNanos.add(System.nanoTime());
            if (attemptNanos.size() == 1) {
                throw new RetryAfterException("HTTP 429 (test)", Duration.ofMillis(400));
            }
        };
        dispatcher = new Dispatcher(Map.of("ops", rateLimited), counters, Clock.systemUTC(), FAST);

        dispatcher.dispatch("ops", notification("m/1/1/ops"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 1);
        assertThat(attemptNanos).hasSize(2);
        assertThat(Duration.ofNanos(attemptNanos.get(1) - attemptNanos.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aRetryAfterBeyondTheMaximumAgeFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        Notifier rateLimitedForAnHour = notification -> {
            attempts.incrementAndGet();
            throw new RetryAfterException("HTTP 429 (test)", Duration.ofHours(2));
        };
        dispatcher = new Dispatcher(Map.of("ops", rateLimitedForAnHour), counters, Clock.systemUTC(), FAST);

        dispatcher.dispatch("ops", notification("m/1/1/ops"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_FAILED) == 1);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aConfigurationErrorIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        Notifier noRecipients = notification -> {
            attempts.incrementAndGet();
            throw PluginConfig.empty("monitors[0].triggers[0].notify[0]").invalid("to", "needs a recipient (test)");
        };
        dispatcher = new Dispatcher(Map.of("mail", noRecipients), counters, Clock.systemUTC(), FAST);

        dispatcher.dispatch("mail", notification("m/1/1/mail"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_FAILED) == 1);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aSendThatNeverReturnsFailsItsNotificationOnceItsAgeRunsOut() {
        DispatchSettings shortLived = new DispatchSettings(100, 100, Duration.ofMillis(600), Duration.ofMillis(5),
                Duration.ofMillis(20), Duration.ofSeconds(5)).withSendTimeout(Duration.ofMillis(100));
        AtomicInteger attempts = new AtomicInteger();
        Notifier deafForever = notification -> {
            attempts.incrementAndGet();
            sleepIgnoringInterrupts(Duration.ofSeconds(3));
        };
        dispatcher = new Dispatcher(Map.of("mail", deafForever), counters, Clock.systemUTC(), shortLived);

        dispatcher.dispatch("mail", notification("m/1/1/mail"));

        await().atMost(Duration.ofSeconds(2)).until(() -> counters.get(Counters.NOTIFICATIONS_FAILED) == 1);
        assertThat(attempts.get()).as("no second call beside the stuck one").isEqualTo(1);
    }

    /** Like a read on a blocking socket: an interrupt does not end it. */
    private static void sleepIgnoringInterrupts(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            try {
                TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
