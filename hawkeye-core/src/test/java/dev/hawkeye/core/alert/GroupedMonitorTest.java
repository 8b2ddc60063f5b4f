package dev.hawkeye.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.store.MetricData;
import dev.hawkeye.core.store.MemoryAlertStore;
import dev.hawkeye.core.testing.LogCapture;
import java.util.OptionalDouble;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.notify.DispatchSettings;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A monitor over many series: matchers merge them, group_by makes an alert instance per group, formulas judge ratios. */
class GroupedMonitorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final DispatchSettings FAST = new DispatchSettings(10_000, 3, Duration.ofHours(1), Duration.ofMillis(5),
            Duration.ofMillis(20), Duration.ofSeconds(10));

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryStore store = new MemoryStore(Duration.ofHours(3), clock);
    private final Counters counters = new Counters();
    private final RecordingNotifier ops = RecordingNotifier.working();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final List<AlertEngine> engines = new ArrayList<>();
    @RegisterExtension
    final LogCapture log = LogCapture.of(AlertEngine.class);
    private Dispatcher dispatcher = dispatcher();

    @AfterEach
    void tearDown() {
        engines.forEach(AlertEngine::close);
        scheduler.shutdownNow();
        dispatcher.close();
    }

    @Test
    void oneInstancePerHostFiresAndResolvesOnItsOwn() {
        AlertEngine engine = engine(monitor("""
                metric: http.errors
                tags: {service: checkout}
                aggregate: count
                group_by: [host]
                """));
        for (int minute = 0; minute < 4; minute++) {
            for (String host : List.of("web-1", "web-2", "web-3")) {
                boolean failing = minute >= 1 && minute <= 2 && !host.equals("web-3");
                count(minute, Map.of("service", "checkout", "host", host), failing ? 50 : 1);
                count(minute, Map.of("service", "search", "host", host), 500);
            }
            evaluateAt(engine, minute);
        }

        assertThat(delivered()).containsExactly(
                "1 FIRING errors{host=web-1} 50 host=web-1", "1 FIRING errors{host=web-2} 50 host=web-2",
                "3 RESOLVED errors{host=web-1} 1 host=web-1", "3 RESOLVED errors{host=web-2} 1 host=web-2");
        assertThat(engine.status()).extracting(MonitorStatus::name)
                .containsExactly("errors{host=web-1}", "errors{host=web-2}", "errors{host=web-3}");
        assertThat(ops.delivered().get(0).condition()).isEqualTo("count(http.errors{service=checkout}) by host > 10 over 1m");
        assertThat(ops.delivered().get(0).id()).isEqualTo("errors{host=web-1}/1/1/ops");
    }

    @Test
    void aMonitorWithoutGroupsMergesEverySeriesItsMatchersSelect() {
        AlertEngine engine = engine(monitor("""
                metric: http.errors
                tags: {host: "web-*", stage: "!canary", region: [eu-west, eu-north]}
                aggregate: count
                """));
        count(0, Map.of("host", "web-1", "region", "eu-west"), 4);
        count(0, Map.of("host", "web-2", "region", "eu-north", "stage", "prod"), 4);
        count(0, Map.of("host", "web-3", "region", "eu-west", "extra", "allowed"), 4);
        count(0, Map.of("host", "web-4", "region", "eu-west", "stage", "canary"), 100);
        count(0, Map.of("host", "db-1", "region", "eu-west"), 100);
        count(0, Map.of("host", "web-5", "region", "us-east"), 100);

        MonitorStatus status = evaluateAt(engine, 0);

        assertThat(status.name()).isEqualTo("errors");
        assertThat(status.value()).as("web-1, web-2 and web-3 merged").isEqualTo(12);
        assertThat(status.state()).isEqualTo("FIRING");
    }

    @Test
    void aRatioFiresForTheRegionWhoseErrorRateIsHigh() {
        AlertEngine engine = engine(monitor("""
                queries:
                  errors:   {metric: http.requests, tags: {status: "5*"}, aggregate: count}
                  requests: {metric: http.requests, aggregate: count}
                value: "errors / requests * 100"
                group_by: [region]
                """, "> 5"));
        count(0, Map.of("region", "eu", "status", "200"), 90);
        count(0, Map.of("region", "eu", "status", "503"), 10);
        count(0, Map.of("region", "us", "status", "200"), 98);
        count(0, Map.of("region", "us", "status", "500"), 2);
        count(0, Map.of("region", "ap", "status", "200"), 100);

        evaluateAt(engine, 0);

        assertThat(engine.status()).extracting(status -> status.name() + " " + status.state() + " " + status.value())
                .containsExactly("errors{region=ap} OK 0.0", "errors{region=eu} FIRING 10.0", "errors{region=us} OK 2.0");
    }

    @Test
    void anInstanceWithoutDataFollowsNoDataAndIsForgottenAfterForgetAfterWithNothingSent() {
        AlertEngine engine = engine(monitor("""
                metric: http.errors
                aggregate: count
                group_by: [host]
                forget_after: 10m
                """));
        count(0, Map.of("host", "web-1"), 50);
        count(0, Map.of("host", "web-2"), 1);
        evaluateAt(engine, 0);
        for (int minute = 1; minute <= 12; minute++) {
            count(minute, Map.of("host", "web-2"), 1);
            evaluateAt(engine, minute);
        }

        assertThat(delivered()).as("web-1's count is 0 without data: it resolves, then is forgotten without a word")
                .containsExactly("0 FIRING errors{host=web-1} 50 host=web-1", "1 RESOLVED errors{host=web-1} 0 host=web-1");
        assertThat(engine.status()).extracting(MonitorStatus::name).containsExactly("errors{host=web-2}");
        assertThat(counters.snapshot()).containsEntry(Counters.INSTANCES_FORGOTTEN, 1L);
        assertThat(store.alerts().orElseThrow().loadStates()).containsOnlyKeys("errors{host=web-2}");
    }

    @Test
    void maxGroupsCapsTheInstancesAndCountsTheGroupsLeftOut() {
        AlertEngine engine = engine(monitor("""
                metric: http.errors
                aggregate: count
                group_by: [host]
                max_groups: 3
                """));
        for (int host = 1; host <= 5; host++) {
            count(0, Map.of("host", "web-" + host), 50);
        }

        evaluateAt(engine, 0);

        assertThat(engine.status()).hasSize(3);
        assertThat(counters.snapshot().get(Counters.GROUPS_DROPPED)).isEqualTo(2L);
    }

    @Test
    void aRestartedEngineKeepsTheInstancesItSavedAndDoesNotRepeatThem() {
        String yaml = """
                metric: http.errors
                aggregate: count
                group_by: [host]
                """;
        AlertEngine first = engine(monitor(yaml));
        count(0, Map.of("host", "web-1"), 50);
        evaluateAt(first, 0);
        first.close();
        dispatcher.close();
        assertThat(ops.delivered()).hasSize(1);

        dispatcher = dispatcher();
        AlertEngine second = engine(monitor(yaml));
        count(1, Map.of("host", "web-1"), 50);
        evaluateAt(second, 1);

        assertThat(second.status()).extracting(status -> status.name() + " " + status.state()).containsExactly("errors{host=web-1} FIRING");
        dispatcher.close();
        assertThat(ops.delivered()).as("no second STARTED").hasSize(1);
    }

    @Test
    void instanceNamesReadBackToTheirGroups() {
        String name = InstanceName.of("m", Map.of("region", "eu,west", "host", "web=1"));

        assertThat(name).isEqualTo("m{host=web=1,region=eu,west}");
        assertThat(InstanceName.parse(name, "m", List.of("region", "host"))).contains(Map.of("host", "web=1", "region", "eu,west"));
        assertThat(InstanceName.parse("m", "m", List.of("host"))).isEmpty();
        assertThat(InstanceName.parse("mx{host=a}", "m", List.of("host"))).isEmpty();
        assertThat(InstanceName.parse("m{zone=a}", "m", List.of("host"))).isEmpty();
    }

    @Test
    void aStoreThatCannotSearchByMatchersFailsTheEvaluationLoggedOnceAMinute() {
        MetricData exactOnly = new MetricData() {
            @Override
            public void write(FlushBatch batch) {
                store.write(batch);
            }

            @Override
            public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
                return store.read(series, aggregate, from, to);
            }
        };
        AlertEngine engine = new AlertEngine(List.of(monitor("""
                metric: http.errors
                aggregate: count
                group_by: [host]
                """)), exactOnly, new MemoryAlertStore(), LeaseGuard.SOLE, "exact-only", dispatcher::dispatch, counters, clock,
                scheduler, IngestSettings.DEFAULTS, new StoreHealthTracker(clock));
        engines.add(engine);
        for (int second = 0; second < 150; second += 10) {
            clock.set(T0.plusSeconds(second));
            engine.evaluateNow("errors");
        }

        assertThat(counters.get(Counters.EVALUATIONS_FAILED)).isEqualTo(15);
        assertThat(log.messages()).hasSize(3)
                .allMatch(message -> message.startsWith("evaluation of monitor errors failed: java.lang.UnsupportedOperationException"));
        assertThat(log.messages().get(1)).contains("(5 more failure(s) since the last logged");
    }

    private MonitorStatus evaluateAt(AlertEngine engine, int minute) {
        clock.set(T0.plus(Duration.ofMinutes(minute)));
        return engine.evaluateNow("errors");
    }

    /** One counter bucket half a minute before {@code minute}, so that the minute's window holds it. */
    private void count(int minute, Map<String, String> tags, double total) {
        StoreWrites.write(store, Series.of(metricOf(tags), tags), MetricType.COUNTER, total,
                T0.plus(Duration.ofMinutes(minute)).minusSeconds(30));
    }

    /** The ratio's series carry a status; the others are errors. */
    private static String metricOf(Map<String, String> tags) {
        return tags.containsKey("status") ? "http.requests" : "http.errors";
    }

    private AlertEngine engine(MonitorSpec spec) {
        AlertEngine engine = new AlertEngine(List.of(spec), store, dispatcher::dispatch, counters, clock, scheduler,
                IngestSettings.DEFAULTS, new StoreHealthTracker(clock));
        engines.add(engine);
        engine.start();
        return engine;
    }

    private Dispatcher dispatcher() {
        return new Dispatcher(new LinkedHashMap<>(Map.<String, Notifier>of("ops", ops)), counters, clock, FAST);
    }

    /** A monitor "errors" over 1m, evaluated every minute, firing above 10 (or {@code when}) to ops, with {@code body} for its queries and groups. */
    private static MonitorSpec monitor(String body) {
        return monitor(body, "> 10");
    }

    private static MonitorSpec monitor(String body, String when) {
        String yaml = "version: 2\nnotifiers: {ops: {type: console}}\nmonitors:\n  - name: errors\n"
                + body.indent(4) + "    window: 1m\n    evaluate_every: 1m\n"
                + "    triggers: [{level: warning, when: \"" + when + "\", notify: [ops]}]\n";
        return new ConfigLoader(new Environment(Map.of())).parse(yaml, "monitors.yaml").monitors().get(0);
    }

    /** Minute after T0, kind, instance, value and the notification's tags, once everything is delivered. */
    private List<String> delivered() {
        dispatcher.close();
        return ops.delivered().stream().map(n -> Duration.between(T0, n.at()).toMinutes() + " " + n.kind() + " " + n.monitor()
                + " " + n.formattedValue() + " " + tagsOf(n)).toList();
    }

    private static String tagsOf(Notification n) {
        StringBuilder out = new StringBuilder();
        n.tags().forEach((tag, value) -> out.append(out.length() == 0 ? "" : ",").append(tag).append('=').append(value));
        return out.toString();
    }
}
