package dev.hawkeye.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.core.testing.ManualClock;
import dev.hawkeye.core.testing.UnreachableStoreFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hawkeye started from code: config in, points through the sink, console notifications out. */
class HawkeyeTest {
    private static final String MONITORS = String.join("\n",
            "run_every: 60",
            "monitors:",
            "  - key: api.errors",
            "    interval: 1",
            "    triggers:",
            "      - threshold: 3",
            "        recipients: [oncall@example.com]",
            "");

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream realOut;
    /** The built-in plugins; the caller of Hawkeye.builder().plugins(...) owns and closes them. */
    private PluginManager builtIns;

    @BeforeEach
    void captureConsoleAndLoadPlugins() {
        realOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        builtIns = PluginManager.load(null, HawkeyeTest.class.getClassLoader());
    }

    @AfterEach
    void closePluginsAndRestoreConsole() {
        builtIns.close();
        System.setOut(realOut);
    }

    @Test
    void aBreachFiresOnceOnTheConsoleThenResolvesAfterTheWindowPasses() throws Exception {
        try (Hawkeye hawkeye = Hawkeye.builder().config(config(MONITORS)).plugins(builtIns).start()) {
            for (int i = 0; i < 5; i++) {
                hawkeye.sink().record(new Point(Series.of("api.errors"), MetricType.COUNTER, 1, System.currentTimeMillis()));
            }
            hawkeye.flush();

            await().atMost(Duration.ofSeconds(10)).until(() -> lines("FIRING").length == 1);
            assertThat(lines("FIRING")[0]).contains("api.errors", "level=threshold-3", "to=oncall@example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> lines("RESOLVED").length == 1);
            assertThat(lines("FIRING")).hasSize(1);
            assertThat(hawkeye.counters().get(Counters.POINTS_ACCEPTED)).isEqualTo(5);
        }
    }

    @Test
    void queriesReadWhatWasFlushedAndStatusListsTheMonitors() throws Exception {
        try (Hawkeye hawkeye = Hawkeye.builder().config(config(MONITORS)).plugins(builtIns).start()) {
            Series latency = Series.of("api.latency", Map.of("route", "/checkout"));
            long now = System.currentTimeMillis();
            hawkeye.sink().record(new Point(latency, MetricType.HISTOGRAM, 10, now));
            hawkeye.sink().record(new Point(latency, MetricType.HISTOGRAM, 30, now));
            hawkeye.flush();

            assertThat(hawkeye.queryService().query(SeriesSelector.exactly(latency), List.of(), Aggregate.AVG, Duration.ofMinutes(1)).values())
                    .containsEntry(Map.of(), java.util.OptionalDouble.of(20));
            assertThat(hawkeye.status().monitors()).extracting(status -> status.name()).containsExactly("api.errors");
            // The store's own counts of what it did not keep sit beside the process's.
            assertThat(hawkeye.status().counters()).containsEntry(Counters.POINTS_ACCEPTED, 2L)
                    .containsEntry("store.buckets.dropped", 0L).containsEntry("store.buckets.evicted", 0L)
                    .containsEntry(Counters.BATCHES_PENDING, 0L).containsEntry(Counters.BUCKETS_PENDING, 0L);
            assertThat(hawkeye.address()).isEqualTo("in-process");
        }
    }

    @Test
    void aServerReportsTheStoreUnavailableInStatusOnceAWriteFails() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (Hawkeye server = Hawkeye.builder().config(unreachableStore(config(MONITORS))).plugins(builtIns).clock(clock)
                .agent(false).start()) {
            StoreHealth beforeAnyWrite = server.status().store();
            clock.advance(Duration.ofSeconds(5));
            server.sink().record(new Point(Series.of("api.errors"), MetricType.COUNTER, 1, clock.millis()));
            server.flush();

            assertThat(beforeAnyWrite).isEqualTo(StoreHealth.AVAILABLE);
            assertThat(server.status().store()).isEqualTo(StoreHealth.unavailable(Instant.parse("2026-03-01T10:00:05Z"),
                    "write refused: unreachable test store"));
            // What waits for the store shows too, so that an outage's backlog is seen before anything is dropped.
            server.sink().record(new Point(Series.of("api.latency"), MetricType.GAUGE, 3, clock.millis()));
            server.flush();
            assertThat(server.status().counters()).containsEntry(Counters.BATCHES_PENDING, 2L)
                    .containsEntry(Counters.BUCKETS_PENDING, 2L);
        }
    }

    @Test
    void anAgentReportsTheStoreUnavailableInStatusWhenItCannotReadIt() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (Hawkeye agent = Hawkeye.builder().config(unreachableStore(config(MONITORS))).plugins(builtIns).clock(clock)
                .server(false).start()) {
            assertThat(agent.status().store()).isEqualTo(StoreHealth.unavailable(Instant.parse("2026-03-01T10:00:00Z"),
                    "load alert states refused: unreachable test store"));
            assertThat(agent.status().monitors()).extracting(status -> status.state()).containsExactly("UNKNOWN");
        }
    }

    @Test
    void aRouteToAnUndefinedNotifierIsAConfigErrorAndNothingStarts() {
        HawkeyeConfig valid = config(MONITORS);
        HawkeyeConfig broken = new HawkeyeConfig(valid.source(), valid.store(), valid.transports(), valid.http(),
                Map.of("mail", PluginConfig.of("notifiers.mail", Map.of("type", "console"), path -> "test")),
                valid.ingest(), valid.monitors(), valid.warnings());

        assertThatThrownBy(() -> Hawkeye.builder().config(broken).plugins(builtIns).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no notifier named 'console'; defined: mail");
        assertThatThrownBy(() -> Hawkeye.check(broken, builtIns)).isInstanceOf(ConfigException.class);
    }

    @Test
    void checkReportsAnUnknownStoreTypeWithTheKnownOnes() {
        HawkeyeConfig valid = config(MONITORS);
        HawkeyeConfig unknownStore = new HawkeyeConfig(valid.source(), PluginConfig.of("store", Map.of("type", "memroy"), path -> "test"),
                valid.transports(), valid.http(), valid.notifiers(), valid.ingest(), valid.monitors(), valid.warnings());

        assertThatThrownBy(() -> Hawkeye.check(unknownStore, builtIns))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown store type 'memroy'")
                .hasMessageContaining("did you mean 'memory'?");
    }

    private static HawkeyeConfig config(String yaml) {
        HawkeyeConfig parsed = new ConfigLoader(new Environment(Map.of())).parse(yaml, "monitors.yaml");
        return parsed.withTransports(List.of(PluginConfig.of("transport", Map.of("type", "in-process"), path -> "test")));
    }

    private static HawkeyeConfig unreachableStore(HawkeyeConfig config) {
        return new HawkeyeConfig(config.source(), PluginConfig.of("store", Map.of("type", UnreachableStoreFactory.TYPE), path -> "test"),
                config.transports(), config.http(), config.notifiers(), config.ingest(), config.monitors(), config.warnings());
    }

    private String[] lines(String word) {
        return Arrays.stream(console.toString(StandardCharsets.UTF_8).split("\n")).filter(line -> line.contains(word))
                .toArray(String[]::new);
    }
}
