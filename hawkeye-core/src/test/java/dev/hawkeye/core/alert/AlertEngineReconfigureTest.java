package dev.hawkeye.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.ManualClock;
import dev.hawkeye.core.testing.StoreWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replacing the monitors of a running engine: what keeps its state, what is judged anew, what stops. */
class AlertEngineReconfigureTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");

    private final ManualClock clock = new ManualClock(T0);
    private final SwitchableStore store = new SwitchableStore(new MemoryStore(Duration.ofHours(2), clock));
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private AlertEngine engine;

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void aMonitorWhoseRulesDidNotChangeKeepsItsStateAndSendsNothingAnew() {
        engine = engine(List.of(monitor("a", 100, "mail"), monitor("b", 100, "mail")));
        evaluateAt(1, 150);
        MonitorStatus before = engine.status().get(0);

        Reconfiguration result = engine.reconfigure(List.of(monitor("a", 100, "mail"), monitor("b", 100, "mail")));
        evaluateAt(2, 150);

        assertThat(result.unchanged()).containsExactly("a", "b");
        assertThat(result.added()).isEmpty();
        assertThat(result.changed()).isEmpty();
        assertThat(engine.status().get(0).since()).isEqualTo(before.since());
        assertThat(engine.status().get(0).state()).isEqualTo("FIRING");
        assertThat(sent).containsExactly("1 a FIRING STARTED mail", "1 b FIRING STARTED mail");
    }

    @Test
    void aThresholdRaisedAboveTheValueResolvesAFiringMonitorOnce() {
        engine = engine(List.of(monitor("a", 100, "mail")));
        evaluateAt(1, 150);

        Reconfiguration result = engine.reconfigure(List.of(monitor("a", 200, "mail")));
        evaluateAt(2, 150);
        evaluateAt(3, 150);

        assertThat(result.changed()).containsExactly("a");
        assertThat(sent).containsExactly("1 a FIRING STARTED mail", "2 a RESOLVED RESOLVED mail");
    }

    @Test
    void aChangedMonitorStillBreachedKeepsFiringAndNotifiesItsNewRoutesOnlyWhenSomethingHappens() {
        engine = engine(List.of(monitor("a", 100, "mail")));
        evaluateAt(1, 150);

        engine.reconfigure(List.of(monitor("a", 120, "ops")));
        MonitorStatus right = engine.status().get(0);
        evaluateAt(2, 150);
        evaluateAt(11, 150);

        assertThat(right.state()).isEqualTo("FIRING");
        assertThat(right.condition()).isEqualTo("count(api.errors) over 1m");
        assertThat(engine.status().get(0).since()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(sent).containsExactly("1 a FIRING STARTED mail", "11 a FIRING REPEATED ops");
    }

    @Test
    void removedMonitorsAreGoneAndNewOnesAreEvaluatedFromTheirSavedState() {
        engine = engine(List.of(monitor("a", 100, "mail"), monitor("b", 100, "mail")));
        evaluateAt(1, 150);

        Reconfiguration result = engine.reconfigure(List.of(monitor("b", 100, "mail"), monitor("c", 100, "mail")));
        evaluateAt(2, 150);

        assertThat(result.removed()).containsExactly("a");
        assertThat(result.added()).containsExactly("c");
        assertThat(engine.status()).extracting(MonitorStatus::name).containsExactly("b", "c");
        assertThatThrownBy(() -> engine.evaluateNow("a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(sent).containsExactly("1 a FIRING STARTED mail", "1 b FIRING STARTED mail", "2 c FIRING STARTED mail");
    }

    @Test
    void aMonitorRemovedAndAddedAgainResumesFromItsSavedState() {
        engine = engine(List.of(monitor("a", 100, "mail")));
        evaluateAt(1, 150);

        engine.reconfigure(List.of());
        engine.reconfigure(List.of(monitor("a", 100, "mail")));
        evaluateAt(2, 150);

        assertThat(engine.status().get(0).since()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(sent).containsExactly("1 a FIRING STARTED mail");
    }

    @Test
    void anInvalidSetOfMonitorsChangesNothing() {
        engine = engine(List.of(monitor("a", 100, "mail")));

        assertThatThrownBy(() -> engine.reconfigure(List.of(monitor("b", 1, "mail"), monitor("b", 2, "mail"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two monitors are named b");
        assertThat(engine.status()).extracting(MonitorStatus::name).containsExactly("a");
    }

    @Test
    void theScheduleFollowsTheNewMonitors() {
        engine = new AlertEngine(List.of(quick("kept"), quick("dropped")), store, this::record, new Counters(), Clock.systemUTC(),
                scheduler, IngestSettings.DEFAULTS);
        engine.start();
        await().until(() -> store.reads(Series.of("kept")) >= 2 && store.reads(Series.of("dropped")) >= 2);

        engine.reconfigure(List.of(quick("kept"), quick("added")));
        long droppedReads = store.reads(Series.of("dropped"));
        long keptReads = store.reads(Series.of("kept"));
        await().until(() -> store.reads(Series.of("added")) >= 3 && store.reads(Series.of("kept")) >= keptReads + 3);

        assertThat(store.reads(Series.of("dropped"))).isEqualTo(droppedReads);
    }

    @Test
    void theFirstEvaluationIsSpreadWithinOnePeriodAfterTheFirstPeriod() {
        MonitorSpec every30s = every(Duration.ofSeconds(30));
        MonitorSpec everyHour = every(Duration.ofHours(1));

        for (String name : List.of("a", "b", "checkout-errors", "m4711")) {
            assertThat(AlertEngine.firstDelayNanos(rename(every30s, name)))
                    .isBetween(Duration.ofSeconds(30).toNanos(), Duration.ofSeconds(60).toNanos() - 1);
            assertThat(AlertEngine.firstDelayNanos(rename(everyHour, name)))
                    .isBetween(Duration.ofHours(1).toNanos(), Duration.ofHours(1).plus(AlertEngine.MAX_SPREAD).toNanos() - 1);
        }
        assertThat(List.of("a", "b", "c", "d").stream().map(name -> AlertEngine.firstDelayNanos(rename(every30s, name))).distinct())
                .hasSize(4);
    }

    private AlertEngine engine(List<MonitorSpec> monitors) {
        AlertEngine created = new AlertEngine(monitors, store, this::record, new Counters(), clock, scheduler, IngestSettings.DEFAULTS);
        created.start();
        return created;
    }

    private boolean record(String via, Notification n) {
        sent.add(Duration.between(T0, n.at()).toMinutes() + " " + n.monitor() + " " + n.kind() + " " + n.reason() + " " + via);
        return true;
    }

    private void evaluateAt(int minute, double count) {
        Instant now = T0.plus(Duration.ofMinutes(minute));
        StoreWrites.write(store, ERRORS, MetricType.COUNTER, count, now.minusSeconds(30));
        clock.set(now);
        engine.evaluateAll();
    }

    /** A fresh spec each time, as a new load makes it: equal values, new objects. */
    private static MonitorSpec monitor(String name, double threshold, String via) {
        TriggerSpec warning = new TriggerSpec("warning", new Condition(Comparison.GREATER, threshold),
                List.of(new NotifyRoute(via, PluginConfig.of("route", Map.of("to", List.of("oncall@example.com")), key -> "test"))));
        return new MonitorSpec(name, ERRORS, Aggregate.COUNT, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO,
                Duration.ofMinutes(10), List.of(warning));
    }

    private static MonitorSpec quick(String name) {
        TriggerSpec trigger = new TriggerSpec("warning", new Condition(Comparison.GREATER, 1e9), List.of());
        return new MonitorSpec(name, Series.of(name), Aggregate.COUNT, Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ZERO,
                Duration.ofMinutes(10), List.of(trigger));
    }

    private static MonitorSpec every(Duration evaluateEvery) {
        MonitorSpec spec = quick("x");
        return new MonitorSpec("x", spec.queries(), spec.value(), spec.groupBy(), spec.maxGroups(), spec.forgetAfter(),
                spec.window(), evaluateEvery, spec.holdFor(), spec.repeatEvery(), spec.triggers(), spec.noData());
    }

    private static MonitorSpec rename(MonitorSpec spec, String name) {
        return new MonitorSpec(name, spec.queries(), spec.value(), spec.groupBy(), spec.maxGroups(), spec.forgetAfter(),
                spec.window(), spec.evaluateEvery(), spec.holdFor(), spec.repeatEvery(), spec.triggers(), spec.noData());
    }
}
