package dev.hawkeye.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.ingest.Aggregator;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A v1-style monitor (window == evaluate_every) judges the points that reach the store just after an
 * evaluation: windows end where the data has settled, and no bucket falls between two evaluations.
 */
class PointsFlushedLateAreStillJudgedTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryStore store = new MemoryStore(Duration.ofHours(1), clock);
    private final Counters counters = new Counters();
    private final Aggregator aggregator = new Aggregator(IngestSettings.DEFAULTS, store, counters, clock);
    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final TriggerSpec trigger = new TriggerSpec("threshold-100", new Condition(Comparison.GREATER_OR_EQUAL, 100),
            List.of(new NotifyRoute("console", PluginConfig.of("r", Map.of(), k -> "x"))));
    // What Version1Translator makes of `interval: 60`: window = evaluate_every = 60s.
    private final MonitorSpec spec = new MonitorSpec("api.errors", ERRORS, Aggregate.COUNT, Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(5), List.of(trigger));
    private final AlertEngine engine = new AlertEngine(List.of(spec), store, (via, n) -> sent.add(n), counters, clock, scheduler,
            IngestSettings.DEFAULTS);

    @AfterEach
    void tearDown() {
        engine.close();
        scheduler.shutdownNow();
    }

    @Test
    void aBurstFlushedJustAfterAnEvaluationIsJudgedByTheNext() {
        // 150 errors recorded at 12:00:59.600 (client timestamp); the client and server flushes (1 s each) put them
        // in the store only after the evaluation at 12:01:00.200.
        for (int i = 0; i < 150; i++) {
            aggregator.record(new Point(ERRORS, MetricType.COUNTER, 1, T0.plusMillis(59_600).toEpochMilli()));
        }
        clock.set(T0.plusMillis(60_200));
        engine.evaluateNow(spec.name());
        clock.set(T0.plusMillis(60_900));
        aggregator.flush();
        clock.set(T0.plusMillis(120_200));
        engine.evaluateNow(spec.name());

        assertThat(store.read(ERRORS, Aggregate.COUNT, T0, T0.plusSeconds(120)).getAsDouble())
                .as("the store has the 150 errors").isEqualTo(150);
        assertThat(sent).as("150 >= 100 within one 60 s interval must alert").isNotEmpty();
    }

    @Test
    void anEvaluationThatRunsLateStartsWhereThePreviousWindowEnded() {
        clock.set(T0.plusMillis(60_200));
        engine.evaluateNow(spec.name()); // judges [11:59:57, 12:00:57)
        // 150 errors in the second 12:00:57, which a window ending 60 s later would no longer start at.
        for (int i = 0; i < 150; i++) {
            aggregator.record(new Point(ERRORS, MetricType.COUNTER, 1, T0.plusMillis(57_300).toEpochMilli()));
        }
        aggregator.flush();
        clock.set(T0.plusMillis(121_700)); // 1.5 s late: the plain window would be [12:00:58, 12:01:58)
        MonitorStatus status = engine.evaluateNow(spec.name());

        assertThat(status.state()).isEqualTo("FIRING");
        assertThat(status.value()).isEqualTo(150);
    }

    @Test
    void pointsOfTheLastSecondsAreLeftToTheNextEvaluation() {
        for (int i = 0; i < 150; i++) {
            aggregator.record(new Point(ERRORS, MetricType.COUNTER, 1, T0.plusMillis(58_000).toEpochMilli()));
        }
        aggregator.flush();
        clock.set(T0.plusMillis(60_000));
        MonitorStatus first = engine.evaluateNow(spec.name());
        clock.set(T0.plusMillis(120_000));
        MonitorStatus second = engine.evaluateNow(spec.name());

        assertThat(first.state()).as("12:00:58 has not settled at 12:01:00").isEqualTo("OK");
        assertThat(second.state()).isEqualTo("FIRING");
        assertThat(sent).extracting(Notification::kind).containsExactly(Notification.Kind.FIRING);
    }
}
