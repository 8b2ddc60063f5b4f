package dev.hawkeye.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NoDataPolicy;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.notify.RecordingNotifier;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.testing.ManualClock;
import dev.hawkeye.core.testing.StoreWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Agents that stop and start again on the same store: the store's alert state makes every
 * notification go out exactly once, whatever the restarts. Also the per-level routes of repeats and
 * the no_data policies, through the whole engine.
 */
class AlertEngineRestartTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Series ERRORS = Series.of("api.errors");
    private static final Series TEMPERATURE = Series.of("room.temperature");
    private static final int LAST_MINUTE = 12;
    /** Quiet, warning (repeated after 3m), critical (repeated), warning again, quiet. */
    private static final IntToDoubleFunction STORY = minute -> minute < 2 ? 5 : minute < 6 ? 150 : minute < 10 ? 1500
            : minute < 11 ? 300 : 2;

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryStore store = new MemoryStore(Duration.ofHours(2), clock);
    private final RecordingNotifier mail = RecordingNotifier.working();
    private final RecordingNotifier ops = RecordingNotifier.working();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    @Test
    void anAgentRestartedBeforeEveryEvaluationSendsWhatOneThatRanThroughoutSends() {
        List<String> throughout = run(new MemoryStore(Duration.ofHours(2), clock), false);
        mail.delivered().clear();
        ops.delivered().clear();

        List<String> restarted = run(store, true);

        assertThat(throughout).hasSize(8);
        assertThat(restarted).isEqualTo(throughout);
    }

    @Test
    void anAgentRestartedRightAfterANotificationDoesNotSendItAgain() {
        for (int minute = 0; minute <= LAST_MINUTE; minute++) {
            writeErrors(minute, STORY.applyAsDouble(minute));
            evaluateInANewProcess(minute);
            evaluateInANewProcess(minute);
        }

        List<String> ids = new ArrayList<>();
        mail.delivered().forEach(n -> ids.add(n.id()));
        ops.delivered().forEach(n -> ids.add(n.id()));
        assertThat(ids).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void repeatsGoToTheRoutesOfTheLevelThatIsFiring() {
        run(store, false);

        assertThat(lines(mail)).containsExactly(
                "2 FIRING STARTED warning to=[oncall@example.com]",
                "5 FIRING REPEATED warning to=[oncall@example.com]",
                "6 FIRING ESCALATED critical to=[cto@example.com]",
                "9 FIRING REPEATED critical to=[cto@example.com]",
                "10 FIRING DEESCALATED warning to=[oncall@example.com]",
                "11 RESOLVED RESOLVED warning to=[oncall@example.com]");
        assertThat(lines(ops)).containsExactly(
                "6 FIRING ESCALATED critical to=[]",
                "9 FIRING REPEATED critical to=[]");
    }

    @Test
    void aSeriesThatStopsReportingResolvesWithNoDataOk() {
        List<String> sent = silence(NoDataPolicy.OK);

        assertThat(sent).containsExactly("1 FIRING STARTED warning 35", "6 RESOLVED RESOLVED warning no data");
    }

    @Test
    void aSeriesThatStopsReportingKeepsFiringAndRepeatingWithNoDataKeep() {
        List<String> sent = silence(NoDataPolicy.KEEP);

        assertThat(sent).containsExactly("1 FIRING STARTED warning 35", "11 FIRING REPEATED warning no data",
                "21 FIRING REPEATED warning no data");
    }

    @Test
    void aSeriesThatNeverReportsFiresAtTheLeastSevereLevelWithNoDataAlert() {
        List<String> sent = new ArrayList<>();
        MonitorSpec spec = temperature(NoDataPolicy.ALERT);
        try (Dispatcher dispatcher = dispatcher(); AlertEngine engine = engine(List.of(spec), dispatcher)) {
            for (int minute = 1; minute <= 3; minute++) {
                clock.set(T0.plus(Duration.ofMinutes(minute)));
                engine.evaluateAll();
            }
        }
        mail.delivered().forEach(n -> sent.add(minute(n) + " " + n.kind() + " " + n.reason() + " " + n.level() + " " + n.formattedValue()));

        assertThat(sent).containsExactly("1 FIRING STARTED warning no data");
    }

    /** A gauge at 35 (warning above 30) up to minute 1, then nothing: the window of 5m runs dry at minute 6. */
    private List<String> silence(NoDataPolicy policy) {
        MonitorSpec spec = temperature(policy);
        try (Dispatcher dispatcher = dispatcher(); AlertEngine engine = engine(List.of(spec), dispatcher)) {
            for (int minute = 1; minute <= 25; minute++) {
                Instant now = T0.plus(Duration.ofMinutes(minute));
                if (minute <= 1) {
                    StoreWrites.write(store, TEMPERATURE, MetricType.GAUGE, 35, now.minusSeconds(30));
                }
                clock.set(now);
                engine.evaluateAll();
            }
        }
        return mail.delivered().stream()
                .map(n -> minute(n) + " " + n.kind() + " " + n.reason() + " " + n.level() + " " + n.formattedValue()).toList();
    }

    /** The story of api.errors, one evaluation a minute, by one engine or a new engine each time. */
    private List<String> run(MemoryStore on, boolean restartEachTime) {
        if (restartEachTime) {
            for (int minute = 0; minute <= LAST_MINUTE; minute++) {
                writeErrors(on, minute, STORY.applyAsDouble(minute));
                evaluateInANewProcess(minute);
            }
        } else {
            try (Dispatcher dispatcher = dispatcher(); AlertEngine engine = engine(List.of(checkoutErrors()), dispatcher, on)) {
                for (int minute = 0; minute <= LAST_MINUTE; minute++) {
                    writeErrors(on, minute, STORY.applyAsDouble(minute));
                    clock.set(T0.plus(Duration.ofMinutes(minute)));
                    engine.evaluateAll();
                }
            }
        }
        List<String> all = new ArrayList<>(lines(mail));
        lines(ops).forEach(line -> all.add("ops " + line));
        return all;
    }

    /** A whole agent's life: start on the store, evaluate once at {@code minute}, stop (delivering what it queued). */
    private void evaluateInANewProcess(int minute) {
        clock.set(T0.plus(Duration.ofMinutes(minute)));
        try (Dispatcher dispatcher = dispatcher(); AlertEngine engine = engine(List.of(checkoutErrors()), dispatcher)) {
            engine.start();
            engine.evaluateAll();
        }
    }

    private void writeErrors(int minute, double count) {
        writeErrors(store, minute, count);
    }

    private static void writeErrors(MemoryStore on, int minute, double count) {
        StoreWrites.write(on, ERRORS, MetricType.COUNTER, count, T0.plus(Duration.ofMinutes(minute)).minusSeconds(30));
    }

    /** A dispatcher over the test's notifiers that leaves them open, as each restarted agent gets its own. */
    private Dispatcher dispatcher() {
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        notifiers.put("mail", mail::send);
        notifiers.put("ops", ops::send);
        return new Dispatcher(notifiers, new Counters(), clock);
    }

    private AlertEngine engine(List<MonitorSpec> monitors, Dispatcher dispatcher) {
        return engine(monitors, dispatcher, store);
    }

    private AlertEngine engine(List<MonitorSpec> monitors, Dispatcher dispatcher, MemoryStore on) {
        return new AlertEngine(monitors, on, dispatcher, new Counters(), clock, scheduler, IngestSettings.DEFAULTS);
    }

    private static List<String> lines(RecordingNotifier notifier) {
        return notifier.delivered().stream()
                .map(n -> minute(n) + " " + n.kind() + " " + n.reason() + " " + n.level() + " to=" + n.recipients()).toList();
    }

    private static long minute(Notification notification) {
        return Duration.between(T0, notification.at()).toMinutes();
    }

    private static MonitorSpec checkoutErrors() {
        TriggerSpec warning = new TriggerSpec("warning", new Condition(Comparison.GREATER, 100),
                List.of(route("mail", Map.of("to", List.of("oncall@example.com")))));
        TriggerSpec critical = new TriggerSpec("critical", new Condition(Comparison.GREATER_OR_EQUAL, 1000),
                List.of(route("ops", Map.of("channel", "#ops")), route("mail", Map.of("to", List.of("cto@example.com")))));
        return new MonitorSpec("checkout-errors", ERRORS, Aggregate.COUNT, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO,
                Duration.ofMinutes(3), List.of(warning, critical));
    }

    private static MonitorSpec temperature(NoDataPolicy policy) {
        TriggerSpec warning = new TriggerSpec("warning", new Condition(Comparison.GREATER, 30),
                List.of(route("mail", Map.of("to", List.of("facilities@example.com")))));
        TriggerSpec critical = new TriggerSpec("critical", new Condition(Comparison.GREATER, 40),
                List.of(route("ops", Map.of())));
        return new MonitorSpec("server-room", TEMPERATURE, Aggregate.MAX, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ZERO,
                Duration.ofMinutes(10), List.of(warning, critical), policy);
    }

    private static NotifyRoute route(String via, Map<String, Object> settings) {
        return new NotifyRoute(via, PluginConfig.of("route", settings, key -> "test"));
    }
}
