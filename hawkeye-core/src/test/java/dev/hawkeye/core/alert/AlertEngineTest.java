package dev.hawkeye.core.alert;

import dev.hawkeye.core.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.notify.DispatchSettings;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.notify.RecordingNotifier;
import dev.hawkeye.core.store.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertEngineTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");
    private static final String MONITOR = "checkout-errors";
    private static final DispatchSettings FAST = new DispatchSettings(10_000, 3, Duration.ofHours(1), Duration.ofMillis(5),
            Duration.ofMillis(20), Duration.ofSeconds(10));

    private final ManualClock clock = new ManualClock(T0);
    private final SwitchableStore store = new SwitchableStore(new MemoryStore(Duration.ofHours(1), clock));
    private final Counters counters = new Counters();
    private final StoreHealthTracker storeHealth = new StoreHealthTracker(clock);
    private final RecordingNotifier mail = RecordingNotifier.working();
    private final RecordingNotifier ops = RecordingNotifier.working();
    private final Dispatcher dispatcher = new Dispatcher(new LinkedHashMap<>(Map.<String, Notifier>of("mail", mail, "ops", ops)),
            counters, clock, FAST);
    private final AtomicInteger schedulerThreads = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            task -> new Thread(task, "test-scheduler-" + schedulerThreads.incrementAndGet()));
    private final List<AlertEngine> engines = new ArrayList<>();

    @AfterEach
    void tearDown() {
        engines.forEach(AlertEngine::close);
        scheduler.shutdownNow();
        dispatcher.close();
    }

    @Test
    void notifiesTheStartRepeatsEveryRepeatIntervalThenEscalatesDeescalatesAndResolves() {
        AlertEngine engine = started(checkoutErrors(Duration.ZERO));

        everyMinute(engine, 0, 27, minute -> minute < 1 ? 5 : minute < 22 ? 150 : minute < 24 ? 1200 : minute < 25 ? 500 : 3);

        assertThat(delivered(mail)).containsExactly(
                "1 FIRING STARTED warning 150 to=[oncall@example.com]",
                "11 FIRING REPEATED warning 150 to=[oncall@example.com]",
                "21 FIRING REPEATED warning 150 to=[oncall@example.com]",
                "22 FIRING ESCALATED critical 1200 to=[cto@example.com]",
                "24 FIRING DEESCALATED warning 500 to=[oncall@example.com]",
                "25 RESOLVED RESOLVED warning 3 to=[oncall@example.com]");
        assertThat(delivered(ops)).containsExactly("22 FIRING ESCALATED critical 1200 to=[]");
    }

    @Test
    void notificationsCarryTheirRouteConditionWindowAndAUniqueId() {
        AlertEngine engine = started(checkoutErrors(Duration.ZERO));

        everyMinute(engine, 1, 5, minute -> minute < 2 ? 150 : minute < 4 ? 1200 : 0);
        dispatcher.close();

        List<Notification> all = new ArrayList<>(mail.delivered());
        all.addAll(ops.delivered());
        assertThat(all).extracting(Notification::id).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                "checkout-errors/1/1/mail", "checkout-errors/1/2/mail", "checkout-errors/1/2/ops", "checkout-errors/1/3/mail",
                "checkout-errors/1/3/ops");
        Notification escalated = ops.delivered().get(0);
        assertThat(escalated.condition()).isEqualTo("count(api.errors) >= 1000 over 1m");
        assertThat(escalated.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(escalated.since()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(escalated.at()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(escalated.route().string("channel")).contains("#ops");
        Notification resolved = mail.delivered().get(2);
        assertThat(resolved.kind()).isEqualTo(Notification.Kind.RESOLVED);
        assertThat(resolved.level()).isEqualTo("critical");
        assertThat(resolved.since()).as("when the level that ended began").isEqualTo(T0.plus(Duration.ofMinutes(2)));
    }

    @Test
    void firesOnlyOnceTheBreachHasHeldForHoldFor() {
        AlertEngine engine = started(checkoutErrors(Duration.ofMinutes(2)));

        at(engine, 0, 150);
        MonitorStatus pending = at(engine, 1, 150);
        MonitorStatus firing = at(engine, 2, 150);
        at(engine, 3, 150);

        assertThat(pending.state()).isEqualTo("PENDING");
        assertThat(firing.state()).isEqualTo("FIRING");
        assertThat(delivered(mail)).containsExactly("2 FIRING STARTED warning 150 to=[oncall@example.com]");
    }

    @Test
    void aBreachThatFlapsFasterThanHoldForSendsNothing() {
        AlertEngine engine = started(checkoutErrors(Duration.ofMinutes(2)));

        List<String> states = new ArrayList<>();
        for (int minute = 0; minute <= 30; minute++) {
            states.add(at(engine, minute, minute % 2 == 0 ? 1500 : 5).state());
        }

        assertThat(states).containsOnly("PENDING", "OK");
        assertThat(delivered(mail)).isEmpty();
        assertThat(delivered(ops)).isEmpty();
    }

    @Test
    void aRestartedEngineWhileFiringNeitherStartsAgainNorForgetsToRepeat() {
        AlertEngine before = started(checkoutErrors(Duration.ZERO));
        everyMinute(before, 1, 3, minute -> 150);
        before.close();

        AlertEngine after = started(checkoutErrors(Duration.ZERO));
        MonitorStatus beforeFirstEvaluation = after.status().get(0);
        everyMinute(after, 3, 13, minute -> 150);

        assertThat(beforeFirstEvaluation.state()).isEqualTo("UNKNOWN");
        assertThat(beforeFirstEvaluation.level()).isEqualTo("warning");
        assertThat(delivered(mail)).containsExactly(
                "1 FIRING STARTED warning 150 to=[oncall@example.com]",
                "11 FIRING REPEATED warning 150 to=[oncall@example.com]");
        assertThat(mail.delivered()).extracting(Notification::id)
                .containsExactly("checkout-errors/1/1/mail", "checkout-errors/1/2/mail");
    }

    @Test
    void duringAStoreOutageAMonitorKeepsItsStateWithoutFiringOrResolving() {
        AlertEngine engine = started(checkoutErrors(Duration.ZERO));
        at(engine, 1, 150);

        store.down(true);
        List<MonitorStatus> during = new ArrayList<>();
        for (int minute = 2; minute <= 5; minute++) {
            during.add(at(engine, minute, 0));
        }
        store.down(false);
        MonitorStatus afterwards = at(engine, 6, 150);
        at(engine, 11, 150);

        assertThat(during).extracting(MonitorStatus::state).containsOnly("UNKNOWN");
        assertThat(during).extracting(MonitorStatus::since).containsOnly(T0.plus(Duration.ofMinutes(2)));
        assertThat(counters.get(Counters.EVALUATIONS_FAILED)).isEqualTo(4);
        assertThat(afterwards.state()).isEqualTo("FIRING");
        assertThat(afterwards.since()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(delivered(mail)).containsExactly(
                "1 FIRING STARTED warning 150 to=[oncall@example.com]",
                "11 FIRING REPEATED warning 150 to=[oncall@example.com]");
    }

    @Test
    void aStoreOutageIsReportedSinceItsFirstFailureWithTheLastReasonUntilAnEvaluationSucceeds() {
        AlertEngine engine = started(checkoutErrors(Duration.ZERO));
        at(engine, 1, 150);
        StoreHealth before = storeHealth.health();

        store.down(true);
        at(engine, 2, 150);
        store.down(false);
        store.savesFail(true);
        at(engine, 3, 0);
        StoreHealth during = storeHealth.health();
        store.savesFail(false);
        at(engine, 4, 0);

        assertThat(before).isEqualTo(StoreHealth.AVAILABLE);
        assertThat(during).as("down since minute 2; the resolve at minute 3 could not be saved")
                .isEqualTo(StoreHealth.unavailable(T0.plus(Duration.ofMinutes(2)),
                        "READONLY You can't write against a read only replica (test)"));
        assertThat(storeHealth.health()).isEqualTo(StoreHealth.AVAILABLE);
    }

    @Test
    void aStoreThatCannotBeReadAtStartIsReportedUnavailableAtOnce() {
        store.down(true);

        started(checkoutErrors(Duration.ZERO));

        assertThat(storeHealth.health()).isEqualTo(StoreHealth.unavailable(T0, "connection refused (test store is down)"));
    }

    @Test
    void aStoreThatCannotBeReadAtStartDoesNotMakeTheEngineForgetAFiringMonitor() {
        AlertEngine before = started(checkoutErrors(Duration.ZERO));
        at(before, 1, 150);
        before.close();

        store.down(true);
        AlertEngine after = started(checkoutErrors(Duration.ZERO));
        at(after, 2, 150);
        store.down(false);
        MonitorStatus status = at(after, 3, 150);

        assertThat(status.state()).isEqualTo("FIRING");
        assertThat(status.since()).as("still the firing that began at minute 1").isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(delivered(mail)).containsExactly("1 FIRING STARTED warning 150 to=[oncall@example.com]");
    }

    @Test
    void aTransitionWhoseStateCannotBeSavedIsNotNotifiedUntilItIs() {
        AlertEngine engine = started(checkoutErrors(Duration.ZERO));

        store.savesFail(true);
        MonitorStatus unsaved = at(engine, 1, 150);
        store.savesFail(false);
        at(engine, 2, 150);

        assertThat(unsaved.state()).isEqualTo("UNKNOWN");
        assertThat(store.alerts().orElseThrow().loadState(MONITOR).orElseThrow().status()).isEqualTo(AlertStatus.FIRING);
        assertThat(delivered(mail)).containsExactly("2 FIRING STARTED warning 150 to=[oncall@example.com]");
    }

    @Test
    void statusReportsEachMonitorsStateLevelValueConditionAndTimes() {
        AlertEngine engine = started(checkoutErrors(Duration.ZERO));
        MonitorStatus beforeAny = engine.status().get(0);

        at(engine, 1, 150);
        at(engine, 2, 160);

        assertThat(beforeAny.state()).isEqualTo("UNKNOWN");
        assertThat(engine.status()).containsExactly(new MonitorStatus(MONITOR, "FIRING", "warning", 160,
                "count(api.errors) over 1m", T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(1))));
    }

    @Test
    void aSumThatOverflowsNeitherResolvesAFiringMonitorNorGoesUncounted() {
        MonitorSpec sum = new MonitorSpec(MONITOR, ERRORS, Aggregate.SUM, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ZERO, Duration.ZERO, checkoutErrors(Duration.ZERO).triggers());
        AlertEngine engine = started(sum);
        assertThat(at(engine, 1, 150).state()).isEqualTo("FIRING");

        // Two buckets whose sums overflowed, one each way: the window's sum is NaN.
        Instant now = T0.plus(Duration.ofMinutes(2));
        clock.set(now);
        store.count(ERRORS, Double.MAX_VALUE * 2, now.minusSeconds(40));
        store.count(ERRORS, -Double.MAX_VALUE * 2, now.minusSeconds(20));
        MonitorStatus overflowed = engine.evaluateNow(MONITOR);

        assertThat(overflowed.state()).isEqualTo("FIRING");
        assertThat(overflowed.level()).isEqualTo("warning");
        assertThat(counters.get(Counters.EVALUATIONS_NOT_FINITE)).isEqualTo(1);
        assertThat(delivered(mail)).containsExactly("1 FIRING STARTED warning 150 to=[oncall@example.com]");
    }

    @Test
    void aFailingEvaluationIsCountedAndTheScheduleGoesOn() {
        MonitorSpec quick = monitor("quick", ERRORS, Duration.ofMillis(10));
        AlertEngine engine = engine(List.of(quick), Clock.systemUTC());
        store.breakNextReads(2);

        engine.start();

        await().until(() -> store.reads() >= 5);
        assertThat(counters.get(Counters.EVALUATIONS_FAILED)).isEqualTo(2);
        assertThat(engine.status().get(0).state()).isEqualTo("OK");
    }

    @Test
    void aThousandMonitorsAreEvaluatedOnTwoSchedulerThreads() {
        List<MonitorSpec> monitors = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            monitors.add(monitor("m" + i, Series.of("series." + i), Duration.ofMillis(20)));
        }
        AlertEngine engine = engine(monitors, Clock.systemUTC());

        engine.start();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                monitors.stream().allMatch(monitor -> store.reads(monitor.queries().get(0).selector().exactSeries().orElseThrow()) >= 3));
        assertThat(store.readerThreads()).hasSizeLessThanOrEqualTo(2).allMatch(name -> name.startsWith("test-scheduler-"));
        assertThat(schedulerThreads.get()).isLessThanOrEqualTo(2);
        assertThat(counters.get(Counters.EVALUATIONS_FAILED)).isZero();
        assertThat(engine.status()).hasSize(1_000).extracting(MonitorStatus::state).containsOnly("OK");
    }

    @Test
    void refusesAnUnknownMonitorAndAnEvaluationAfterClose() {
        AlertEngine engine = started(checkoutErrors(Duration.ZERO));

        assertThatThrownBy(() -> engine.evaluateNow("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkout-errors");
        engine.close();
        assertThatThrownBy(() -> engine.evaluateNow(MONITOR)).isInstanceOf(IllegalStateException.class);
    }

    private AlertEngine started(MonitorSpec spec) {
        AlertEngine engine = engine(List.of(spec), clock);
        engine.start();
        return engine;
    }

    private AlertEngine engine(List<MonitorSpec> monitors, Clock engineClock) {
        AlertEngine engine = new AlertEngine(monitors, store, dispatcher::dispatch, counters, engineClock, scheduler,
                IngestSettings.DEFAULTS, storeHealth);
        engines.add(engine);
        return engine;
    }

    /**
     * Counts {@code count} errors in the minute before minute {@code minute} after T0, and
     * evaluates the monitor (a count over one minute) at that minute.
     */
    private MonitorStatus at(AlertEngine engine, int minute, double count) {
        Instant now = T0.plus(Duration.ofMinutes(minute));
        clock.set(now);
        store.count(ERRORS, count, now.minusSeconds(30));
        return engine.evaluateNow(MONITOR);
    }

    /** Evaluates once a minute from {@code first} to {@code last} (inclusive). */
    private void everyMinute(AlertEngine engine, int first, int last, IntToDoubleFunction valueAt) {
        for (int minute = first; minute <= last; minute++) {
            at(engine, minute, valueAt.applyAsDouble(minute));
        }
    }

    /**
     * Everything the notifier received, once the dispatcher has delivered all it was given: the
     * minute after T0, kind, reason, level, value and recipients.
     */
    private List<String> delivered(RecordingNotifier notifier) {
        dispatcher.close();
        return notifier.delivered().stream()
                .map(n -> Duration.between(T0, n.at()).toMinutes() + " " + n.kind() + " " + n.reason() + " " + n.level() + " "
                        + n.formattedValue() + " to=" + n.recipients())
                .toList();
    }

    private static MonitorSpec checkoutErrors(Duration holdFor) {
        TriggerSpec warning = new TriggerSpec("warning", new Condition(Comparison.GREATER, 100),
                List.of(route("mail", 0, 0, Map.of("to", List.of("oncall@example.com")))));
        TriggerSpec critical = new TriggerSpec("critical", new Condition(Comparison.GREATER_OR_EQUAL, 1000),
                List.of(route("ops", 1, 0, Map.of("channel", "#ops")), route("mail", 1, 1, Map.of("to", List.of("cto@example.com")))));
        return new MonitorSpec(MONITOR, ERRORS, Aggregate.COUNT, Duration.ofMinutes(1), Duration.ofMinutes(1), holdFor,
                Duration.ofMinutes(10), List.of(warning, critical));
    }

    private static MonitorSpec monitor(String name, Series series, Duration evaluateEvery) {
        TriggerSpec trigger = new TriggerSpec("warning", new Condition(Comparison.GREATER, 100),
                List.of(route("mail", 0, 0, Map.of("to", List.of("oncall@example.com")))));
        return new MonitorSpec(name, series, Aggregate.COUNT, Duration.ofMinutes(1), evaluateEvery, Duration.ZERO,
                Duration.ofMinutes(10), List.of(trigger));
    }

    private static NotifyRoute route(String via, int trigger, int index, Map<String, Object> settings) {
        Map<String, Object> values = new LinkedHashMap<>(settings);
        values.put("via", via);
        return new NotifyRoute(via, PluginConfig.of("monitors[0].triggers[" + trigger + "].notify[" + index + "]", values,
                key -> "monitors.yaml:1:1"));
    }
}
