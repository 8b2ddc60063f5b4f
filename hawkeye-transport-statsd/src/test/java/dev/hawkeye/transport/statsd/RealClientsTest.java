package dev.hawkeye.transport.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.StatsDClient;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.plugin.PluginManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.micrometer.statsd.StatsdProtocol;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code statsd} transport found as a plugin and run by core, fed by the clients applications
 * use: DogStatsD's Java client over UDP and over the Unix datagram socket, and Micrometer's StatsD
 * registry in its {@code etsy} and {@code datadog} flavours. What they send is read back from the
 * store with tags and totals.
 */
class RealClientsTest {
    private static final Pattern UDP_PORT = Pattern.compile("udp:127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;
    private PluginManager plugins;
    private Hawkeye hawkeye;
    private int udpPort;
    private Path unixSocket;

    @BeforeEach
    void startHawkeye() throws IOException {
        unixSocket = dir.resolve("statsd.sock");
        String yaml = String.join("\n",
                "version: 2",
                "transport: {type: statsd, udp: \"127.0.0.1:0\", unix: " + unixSocket + "}",
                "ingest: {resolution: 1s, flush_every: 1h}",
                "monitors: []",
                "");
        plugins = PluginManager.load(null, RealClientsTest.class.getClassLoader());
        hawkeye = Hawkeye.builder().config(new ConfigLoader(new Environment(Map.of())).parse(yaml, "monitors.yaml"))
                .plugins(plugins).server(true).agent(false).start();
        Matcher port = UDP_PORT.matcher(hawkeye.address());
        assertThat(port.find()).as(hawkeye.address()).isTrue();
        udpPort = Integer.parseInt(port.group(1));
    }

    @AfterEach
    void stopHawkeye() {
        hawkeye.close();
        plugins.close();
    }

    @Test
    void dogStatsdClientOverUdp() {
        sendFromDogStatsdAndReadBack(new NonBlockingStatsDClientBuilder().hostname("127.0.0.1").port(udpPort));
    }

    @Test
    void dogStatsdClientOverTheUnixDatagramSocket() {
        sendFromDogStatsdAndReadBack(new NonBlockingStatsDClientBuilder().address("unix://" + unixSocket));
    }

    @Test
    void micrometerStatsdRegistryDatadogFlavour() {
        StatsdMeterRegistry registry = micrometer(StatsdFlavor.DATADOG);
        awaitConnected(registry, Series.of("probe", Map.of("statistic", "count")));
        Counter orders = Counter.builder("shop.orders").tag("region", "eu-west").register(registry);
        Timer checkout = Timer.builder("shop.checkout").tag("region", "eu-west").register(registry);
        for (int i = 1; i <= 50; i++) {
            orders.increment();
            checkout.record(i, TimeUnit.MILLISECONDS);
        }

        try {
            // The datadog flavour tags a counter with its statistic.
            awaitValue(Series.of("shop.orders", Map.of("region", "eu-west", "statistic", "count")), Aggregate.SUM, 50);
            Series timer = Series.of("shop.checkout", Map.of("region", "eu-west"));
            awaitValue(timer, Aggregate.COUNT, 50);
            assertThat(value(timer, Aggregate.MAX)).isEqualTo(50.0);
        } finally {
            registry.close();
        }
    }

    @Test
    void micrometerStatsdRegistryEtsyFlavourPutsTheTagsInTheName() {
        StatsdMeterRegistry registry = micrometer(StatsdFlavor.ETSY);
        awaitConnected(registry, Series.of("probe.statistic.count"));
        Counter orders = Counter.builder("shop.orders").tag("region", "eu-west").register(registry);
        for (int i = 0; i < 30; i++) {
            orders.increment(2);
        }

        try {
            awaitValue(Series.of("shopOrders.region.eu-west.statistic.count"), Aggregate.SUM, 60);
        } finally {
            registry.close();
        }
    }

    @Test
    void badLinesAreCountedAndTheGoodOnesBesideThemKept() throws IOException {
        send("good:1|c\nbad-no-type:1\nusers:alice|s\n_e{1,1}:a|b\ngood:2|c|#team:a");

        awaitValue(Series.of("good"), Aggregate.SUM, 1);
        awaitValue(Series.of("good", Map.of("team", "a")), Aggregate.SUM, 2);
        Map<String, Long> counters = hawkeye.status().counters();
        assertThat(counters).containsEntry("statsd.lines.invalid.no_type", 1L)
                .containsEntry("statsd.lines.invalid.set_unsupported", 1L)
                .containsEntry("statsd.events.ignored", 1L)
                .containsEntry("statsd.metrics.received", 2L)
                .containsEntry("statsd.datagrams.received", 1L)
                .containsKey("statsd.udp.kernel_drops");
    }

    @Test
    void aMetricCoreRefusesIsCountedAndTheOthersOfItsDatagramKept() throws IOException {
        send("mixed:1|c\nmixed:5|g\nother:3|c");

        awaitValue(Series.of("other"), Aggregate.SUM, 3);
        assertThat(value(Series.of("mixed"), Aggregate.SUM)).isEqualTo(1.0);
        assertThat(hawkeye.status().counters()).containsEntry("statsd.metrics.refused", 1L);
    }

    private void sendFromDogStatsdAndReadBack(NonBlockingStatsDClientBuilder target) {
        StatsDClient client = target.enableTelemetry(false).originDetectionEnabled(false).constantTags("env:test").build();
        try {
            // Closing the client does not send what it still holds: the values are awaited first.
            sendFromDogStatsd(client);
            expectDogStatsdValues();
        } finally {
            client.close();
        }
    }

    private static void sendFromDogStatsd(StatsDClient client) {
        for (int i = 0; i < 100; i++) {
            client.count("checkout.orders", 2, "region:eu-west");
            client.histogram("checkout.latency", i + 1, "region:eu-west");
        }
        client.gauge("checkout.queue", 17, "region:eu-west");
        client.distribution("checkout.size", 42, "region:eu-west");
    }

    private void expectDogStatsdValues() {
        Map<String, String> tags = Map.of("env", "test", "region", "eu-west");
        awaitValue(Series.of("checkout.orders", tags), Aggregate.SUM, 200);
        awaitValue(Series.of("checkout.latency", tags), Aggregate.COUNT, 100);
        awaitValue(Series.of("checkout.queue", tags), Aggregate.LAST, 17);
        awaitValue(Series.of("checkout.size", tags), Aggregate.MAX, 42);
        assertThat(value(Series.of("checkout.latency", tags), Aggregate.MAX)).isEqualTo(100.0);
        assertThat(value(Series.of("checkout.latency", tags), Aggregate.SUM)).isEqualTo(5050.0);
    }

    private StatsdMeterRegistry micrometer(StatsdFlavor flavour) {
        StatsdConfig config = new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public StatsdFlavor flavor() {
                return flavour;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return udpPort;
            }

            @Override
            public StatsdProtocol protocol() {
                return StatsdProtocol.UDP;
            }

            @Override
            public Duration pollingFrequency() {
                return Duration.ofMillis(100);
            }
        };
        return new StatsdMeterRegistry(config, io.micrometer.core.instrument.Clock.SYSTEM);
    }

    /** The registry drops what is recorded before its UDP client is up: a probe counter is increased until hawkeye sees it. */
    private void awaitConnected(StatsdMeterRegistry registry, Series probeSeries) {
        Counter probe = registry.counter("probe");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            probe.increment();
            Double seen = value(probeSeries, Aggregate.SUM);
            return seen != null && seen > 0;
        });
    }

    private void send(String datagram) throws IOException {
        byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", udpPort)));
        }
    }

    private void awaitValue(Series series, Aggregate aggregate, double expected) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(value(series, aggregate)).as(() -> series + " " + aggregate + " " + hawkeye.status().counters()).isEqualTo(expected));
    }

    private Double value(Series series, Aggregate aggregate) {
        hawkeye.flush();
        OptionalDouble value = hawkeye.queryService().query(SeriesSelector.exactly(series), java.util.List.of(), aggregate,
                Duration.ofMinutes(5)).values().getOrDefault(java.util.Map.of(), OptionalDouble.empty());
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
