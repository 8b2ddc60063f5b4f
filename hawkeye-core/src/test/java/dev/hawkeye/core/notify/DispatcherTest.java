package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.Ticker;
import dev.hawkeye.core.store.MemoryAlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    /** Short waits so retries take milliseconds. */
    private static final DispatchSettings FAST = new DispatchSettings(100, 4, Duration.ofHours(1), Duration.ofMillis(5),
            Duration.ofMillis(20), Duration.ofSeconds(5));

    private final Counters counters = new Counters();
    private final CountDownLatch release = new CountDownLatch(1);
    private Dispatcher dispatcher;

    @AfterEach
    void closeDispatcher() {
        release.countDown();
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void deliversANotificationOnceThroughTheNamedNotifier() {
        RecordingNotifier mail = RecordingNotifier.working();
        RecordingNotifier ops = RecordingNotifier.working();
        dispatcher = dispatcher(Map.of("mail", mail, "ops", ops), FAST, Clock.systemUTC());

        assertThat(dispatcher.dispatch("mail", notification("m/1/1/mail"))).isTrue();

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 1);
        assertThat(mail.delivered()).extracting(Notification::id).containsExactly("m/1/1/mail");
        assertThat(ops.delivered()).isEmpty();
    }

    @Test
    void retriesAFailingNotifierUntilItSucceedsAndDeliversOnce() {
        RecordingNotifier flaky = RecordingNotifier.failingFirst(2);
        dispatcher = dispatcher(Map.of("mail", flaky), FAST, Clock.systemUTC());

        dispatcher.dispatch("mail", notification("m/1/1/mail"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 1);
        assertThat(flaky.attempts()).isEqualTo(3);
        assertThat(flaky.delivered()).hasSize(1);
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isZero();
    }

    @Test
    void countsANotificationFailedAfterItsAttemptsWhileOtherNotifiersDeliver() {
        RecordingNotifier broken = RecordingNotifier.failingAlways();
        RecordingNotifier ops = RecordingNotifier.working();
        dispatcher = dispatcher(Map.of("mail", broken, "ops", ops), FAST, Clock.systemUTC());

        dispatcher.dispatch("mail", notification("m/1/1/mail"));
        dispatcher.dispatch("ops", notification("m/1/1/ops"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_FAILED) == 1);
        assertThat(broken.attempts()).isEqualTo(FAST.maxAttempts());
        assertThat(broken.delivered()).isEmpty();
        assertThat(ops.delivered()).extracting(Notification::id).containsExactly("m/1/1/ops");
        assertThat(counters.get(Counters.NOTIFICATIONS_SENT)).isEqualTo(1);
    }

    @Test
    void givesUpOnceTheNextRetryWouldComeAfterTheMaximumAge() {
        // Elapsed time is the real one plus four minutes per attempt.
        AtomicLong skipped = new AtomicLong();
        Ticker ticker = () -> System.nanoTime() + skipped.get();
        DispatchSettings settings = new DispatchSettings(100, 1_000, Duration.ofMinutes(10), Duration.ofMillis(5),
                Duration.ofMillis(5), Duration.ofSeconds(5));
        AtomicInteger attempts = new AtomicInteger();
        Notifier downForAnHour = notification -> {
            attempts.incrementAndGet();
            skipped.addAndGet(Duration.ofMinutes(4).toNanos());
            throw new IllegalStateException("connection refused (test)");
        };
        dispatcher = new Dispatcher(Map.of("mail", downForAnHour), counters, Clock.systemUTC(), ticker, settings, null, () -> true);

        dispatcher.dispatch("mail", notification("m/1/1/mail"));

        await().until(() -> counters.get(Counters.NOTIFICATIONS_FAILED) == 1);
        assertThat(attempts.get()).as("three attempts, 4 min each, fill the 10 min").isEqualTo(3);
    }

    @Test
    void aNotifierThatHangsDelaysNoOtherNotifier() throws InterruptedException {
        RecordingNotifier hung = RecordingNotifier.heldBy(release);
        RecordingNotifier ops = RecordingNotifier.working();
        dispatcher = dispatcher(Map.of("mail", hung, "ops", ops), FAST, Clock.systemUTC());

        dispatcher.dispatch("mail", notification("m/1/1/mail"));
        hung.awaitEntered();
        dispatcher.dispatch("ops", notification("m/1/1/ops"));

        await().until(() -> ops.delivered().size() == 1);
        assertThat(hung.delivered()).isEmpty();
    }

    @Test
    void dropsAndCountsWhatFindsTheQueueFull() throws InterruptedException {
        RecordingNotifier hung = RecordingNotifier.heldBy(release);
        DispatchSettings twoQueued = new DispatchSettings(2, 4, Duration.ofHours(1), Duration.ofMillis(5), Duration.ofMillis(20),
                Duration.ofSeconds(5));
        dispatcher = dispatcher(Map.of("mail", hung), twoQueued, Clock.systemUTC());
        dispatcher.dispatch("mail", notification("m/1/1/mail"));
        hung.awaitEntered();

        boolean second = dispatcher.dispatch("mail", notification("m/1/2/mail"));
        boolean third = dispatcher.dispatch("mail", notification("m/1/3/mail"));
        boolean fourth = dispatcher.dispatch("mail", notification("m/1/4/mail"));

        assertThat(List.of(second, third, fourth)).containsExactly(true, true, false);
        assertThat(counters.get(Counters.NOTIFICATIONS_DROPPED)).isEqualTo(1);
        release.countDown();
        await().until(() -> counters.get(Counters.NOTIFICATIONS_SENT) == 3);
        assertThat(hung.delivered()).extracting(Notification::id).containsExactly("m/1/1/mail", "m/1/2/mail", "m/1/3/mail");
    }

    @Test
    void anUnknownNotifierIsCountedAsFailed() {
        dispatcher = dispatcher(Map.of("mail", RecordingNotifier.working()), FAST, Clock.systemUTC());

        assertThat(dispatcher.dispatch("pager", notification("m/1/1/pager"))).isFalse();

        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED)).isEqualTo(1);
    }

    @Test
    void theSameEventIsNotDeliveredTwice() {
        RecordingNotifier mail = RecordingNotifier.working();
        dispatcher = dispatcher(Map.of("mail", mail), FAST, Clock.systemUTC());

        dispatcher.dispatch("mail", notification("m/1/1/mail"));
        boolean again = dispatcher.dispatch("mail", notification("m/1/1/mail"));
        dispatcher.close();

        assertThat(again).isFalse();
        assertThat(mail.delivered()).hasSize(1);
    }

    @Test
    void callsEachNotifierFromOneThreadAtATime() {
        RecordingNotifier mail = RecordingNotifier.working();
        dispatcher = dispatcher(Map.of("mail", mail), FAST, Clock.systemUTC());

        for (int i = 0; i < 50; i++) {
            dispatcher.dispatch("mail", notification("m/1/" + i + "/mail"));
        }
        dispatcher.close();

        assertThat(mail.delivered()).hasSize(50);
        assertThat(mail.maxConcurrentSends()).isEqualTo(1);
    }

    @Test
    void closeDeliversWhatIsQueuedThenClosesTheNotifiers() {
        RecordingNotifier flaky = RecordingNotifier.failingFirst(3);
        RecordingNotifier ops = RecordingNotifier.working();
        dispatcher = dispatcher(Map.of("mail", flaky, "ops", ops), FAST, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            dispatcher.dispatch("mail", notification("m/1/" + i + "/mail"));
        }

        dispatcher.close();

        assertThat(flaky.delivered()).hasSize(5);
        assertThat(flaky.isClosed()).isTrue();
        assertThat(ops.isClosed()).isTrue();
        assertThat(counters.get(Counters.NOTIFICATIONS_SENT)).isEqualTo(5);
    }

    @Test
    void closeWaitsOnlyItsTimeoutAndCountsWhatIsLeftAsUnsent() throws InterruptedException {
        RecordingNotifier hung = RecordingNotifier.heldBy(new CountDownLatch(1));
        DispatchSettings shortClose = new DispatchSettings(100, 4, Duration.ofHours(1), Duration.ofMillis(5),
                Duration.ofMillis(20), Duration.ofMillis(200));
        dispatcher = dispatcher(Map.of("mail", hung), shortClose, Clock.systemUTC());
        dispatcher.dispatch("mail", notification("m/1/1/mail"));
        hung.awaitEntered();
        dispatcher.dispatch("mail", notification("m/1/2/mail"));
        dispatcher.dispatch("mail", notification("m/1/3/mail"));

        dispatcher.close();

        assertThat(counters.get(Counters.NOTIFICATIONS_UNSENT)).as("the one interrupted in its send and the two still queued")
                .isEqualTo(3);
        assertThat(counters.get(Counters.NOTIFICATIONS_FAILED) + counters.get(Counters.NOTIFICATIONS_DROPPED)).isZero();
        assertThat(hung.isClosed()).isTrue();
    }

    @Test
    void aDispatchAfterCloseIsDroppedAndCounted() {
        RecordingNotifier mail = RecordingNotifier.working();
        dispatcher = dispatcher(Map.of("mail", mail), FAST, Clock.systemUTC());
        dispatcher.close();

        assertThat(dispatcher.dispatch("mail", notification("m/1/1/mail"))).isFalse();

        assertThat(counters.get(Counters.NOTIFICATIONS_DROPPED)).isEqualTo(1);
        assertThat(mail.delivered()).isEmpty();
    }

    @Test
    void whatIsDeliveredLeavesTheOutboxInBatchesWhileTheQueueIsBusy() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        RecordingNotifier mail = RecordingNotifier.heldBy(held);
        CountingRemovals outbox = new CountingRemovals(new MemoryAlertStore());
        dispatcher = new Dispatcher(Map.of("mail", mail), counters, Clock.systemUTC(), FAST, outbox, () -> true);
        List<Notification> notifications = IntStream.rangeClosed(1, 50).mapToObj(i -> notification("m/1/" + i + "/mail")).toList();
        outbox.save(AlertState.initial("checkout-errors", T0),
                notifications.stream().map(n -> NotificationCodec.entry("mail", n)).toList(), Fence.NONE);
        notifications.forEach(n -> dispatcher.dispatch("mail", n));
        mail.awaitEntered();

        held.countDown();

        await().until(() -> outbox.outbox(100).isEmpty());
        assertThat(mail.delivered()).hasSize(50);
        assertThat(outbox.calls.get()).as("removal calls for 50 notifications delivered back to back").isBetween(1, 5);
    }

    /** The outbox, counting the calls that remove from it. */
    private record CountingRemovals(AlertStore outbox, AtomicInteger calls) implements AlertStore {
        CountingRemovals(AlertStore outbox) {
            this(outbox, new AtomicInteger());
        }

        @Override
        public Map<String, AlertState> loadStates() {
            return outbox.loadStates();
        }

        @Override
        public Optional<AlertState> loadState(String monitor) {
            return outbox.loadState(monitor);
        }

        @Override
        public int save(AlertState state, List<OutboxEntry> entries, Fence fence) {
            return outbox.save(state, entries, fence);
        }

        @Override
        public List<OutboxEntry> outbox(int limit) {
            return outbox.outbox(limit);
        }

        @Override
        public void remove(List<String> ids) {
            calls.incrementAndGet();
            outbox.remove(ids);
        }
    }

    private Dispatcher dispatcher(Map<String, Notifier> notifiers, DispatchSettings settings, Clock clock) {
        return new Dispatcher(new LinkedHashMap<>(notifiers), counters, clock, settings);
    }

    static Notification notification(String id) {
        return new Notification(id, Notification.Kind.FIRING, Notification.Reason.STARTED, "checkout-errors", "warning", 150,
                "count(api.errors) > 100 over 1m", Duration.ofMinutes(1), T0, T0,
                PluginConfig.of("monitors[0].triggers[0].notify[0]", Map.of("via", "mail", "to", List.of("oncall@example.com")),
                        key -> "monitors.yaml:7:9"));
    }
}
