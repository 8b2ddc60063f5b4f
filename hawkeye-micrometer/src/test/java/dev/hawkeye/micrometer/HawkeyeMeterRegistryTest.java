package dev.hawkeye.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry against a real server (core with the unix transport, the memory store): what each meter type becomes. */
class HawkeyeMeterRegistryTest {
    private static final Map<String, String> TAGS = Map.of("region", "eu-west");

    @TempDir
    Path dir;
    private PluginManager plugins;
    private Hawkeye hawkeye;
    private HawkeyeMeterRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Path socket = dir.resolve("hawkeye.sock");
        HawkeyeConfig parsed = new ConfigLoader(new Environment(Map.of())).parse("version: 2\nmonitors: []\n", "monitors.yaml");
        plugins = PluginManager.load(null, HawkeyeMeterRegistryTest.class.getClassLoader());
        hawkeye = Hawkeye.builder().plugins(plugins).agent(false).config(parsed.withTransports(List.of(
                PluginConfig.of("transport", Map.of("type", "unix", "path", socket.toString()), path -> "test")))).start();
        // A step longer than the test: what is polled is sent once, by close().
        registry = new HawkeyeMeterRegistry(key -> switch (key) {
            case "hawkeye.socket" -> socket.toString();
            case "hawkeye.step" -> "1h";
            default -> null;
        }, Clock.SYSTEM);
    }

    @AfterEach
    void stop() {
        registry.close();
        hawkeye.close();
        plugins.close();
    }

    @Test
    void everyMeterTypeReachesTheStoreWithItsTags() {
        Counter orders = Counter.builder("shop.orders").tag("region", "eu-west").register(registry);
        Timer checkout = Timer.builder("shop.checkout").tag("region", "eu-west").register(registry);
        DistributionSummary size = DistributionSummary.builder("shop.basket.size").tag("region", "eu-west").register(registry);
        AtomicLong queue = new AtomicLong(17);
        Gauge.builder("shop.queue", queue, AtomicLong::get).tag("region", "eu-west").register(registry);
        AtomicLong served = new AtomicLong();
        FunctionCounter.builder("shop.served", served, AtomicLong::get).tag("region", "eu-west").register(registry);
        LongTaskTimer exports = LongTaskTimer.builder("shop.exports").tag("region", "eu-west").register(registry);
        for (int i = 1; i <= 100; i++) {
            orders.increment();
            checkout.record(i, TimeUnit.MILLISECONDS);
            size.record(i * 2);
        }
        served.set(42);
        LongTaskTimer.Sample export = exports.start();
        registry.close();
        export.stop();
        hawkeye.flush();

        assertThat(value("shop.orders", Aggregate.SUM)).isEqualTo(100);
        assertThat(value("shop.checkout", Aggregate.COUNT)).isEqualTo(100);
        assertThat(value("shop.checkout", Aggregate.MAX)).isEqualTo(100);
        assertThat(value("shop.checkout", Aggregate.P99)).isCloseTo(99, within(2.0));
        assertThat(value("shop.basket.size", Aggregate.SUM)).isEqualTo(10_100);
        assertThat(value("shop.queue", Aggregate.LAST)).isEqualTo(17);
        assertThat(value("shop.served", Aggregate.SUM)).isEqualTo(42);
        assertThat(value("shop.exports.active", Aggregate.LAST)).isEqualTo(1);
    }

    @Test
    void aFunctionCounterSendsWhatItGrewBySinceTheLastPublish() throws Exception {
        AtomicLong served = new AtomicLong(5);
        FunctionCounter counter = FunctionCounter.builder("shop.served", served, AtomicLong::get).tag("region", "eu-west")
                .register(registry);
        registry.publish();
        served.set(12);
        registry.publish();
        registry.publish();
        registry.close();
        hawkeye.flush();

        assertThat(counter.count()).isEqualTo(12);
        assertThat(value("shop.served", Aggregate.SUM)).isEqualTo(12);
    }

    @Test
    void aRemovedFunctionCounterIsForgotten() {
        AtomicLong served = new AtomicLong(5);
        FunctionCounter counter = FunctionCounter.builder("shop.served", served, AtomicLong::get).register(registry);
        registry.publish();
        assertThat(registry.remembersLastSent(counter.getId())).isTrue();

        registry.remove(counter);

        assertThat(registry.remembersLastSent(counter.getId())).isFalse();
    }

    @Test
    void namesAndTagsAreMappedToWhatHawkeyeAllows() {
        HawkeyeNamingConvention convention = new HawkeyeNamingConvention();

        assertThat(convention.name("http server/requests", Meter.Type.TIMER, null)).isEqualTo("http_server_requests");
        assertThat(convention.name("x".repeat(300), Meter.Type.COUNTER, null)).hasSize(200);
        assertThat(convention.tagKey("user id")).isEqualTo("user_id");
        assertThat(convention.tagValue("")).isEqualTo("none");
        assertThat(convention.tagValue("line\nbreak")).isEqualTo("line_break");
        assertThat(convention.tagValue("/api/{id}")).isEqualTo("/api/{id}");
    }

    private double value(String key, Aggregate aggregate) {
        OptionalDouble value = hawkeye.queryService().query(SeriesSelector.exactly(Series.of(key, TAGS)), java.util.List.of(), aggregate,
                Duration.ofMinutes(5)).values().getOrDefault(java.util.Map.of(), OptionalDouble.empty());
        assertThat(value).as(key + " " + aggregate).isPresent();
        return value.getAsDouble();
    }
}
