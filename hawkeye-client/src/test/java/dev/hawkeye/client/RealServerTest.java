package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.transport.StoreHealth;
import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real server: core with the unix transport found as a plugin, the memory store. */
class RealServerTest {
    private static final String MONITORS = String.join("\n",
            "run_every: 60",
            "monitors:",
            "  - key: api.errors",
            "    interval: 60",
            "    triggers:",
            "      - threshold: 1000",
            "        recipients: [oncall@example.com]",
            "");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void pointsRecordedWithTheClientAreAggregatedStoredAndReadBack() throws Exception {
        Path socket = dir.resolve("hawkeye.sock");
        try (PluginManager plugins = PluginManager.load(null, RealServerTest.class.getClassLoader());
             Hawkeye hawkeye = Hawkeye.builder().config(config(socket)).plugins(plugins).start();
             HawkeyeClient client = HawkeyeClient.connect(socket)) {
            client.ping();

            client.increment("api.errors", "service", "checkout");
            client.count("api.errors", 4, "service", "checkout");
            client.increment("api.errors", "service", "search");
            client.gauge("queue.depth", 3);
            client.gauge("queue.depth", 9);
            client.time("db.query", Duration.ofMillis(30));
            client.time("db.query", Duration.ofMillis(10));
            client.gauge("api.errors", 1, "service", "checkout"); // the series is a counter: refused by the server
            assertThat(client.flush()).isTrue();
            hawkeye.flush();

            assertThat(client.sentPoints()).isEqualTo(7);
            assertThat(client.rejectedPoints()).isEqualTo(1);
            assertThat(client.query("api.errors", Map.of("service", "checkout"), "count", FIVE_MINUTES)).hasValue(5);
            assertThat(client.query("api.errors", Map.of("service", "search"), "count", FIVE_MINUTES)).hasValue(1);
            assertThat(client.query("queue.depth", "last", FIVE_MINUTES)).hasValue(9);
            assertThat(client.query("db.query", "max", FIVE_MINUTES)).hasValue(30);
            assertThat(client.query("db.query", "avg", FIVE_MINUTES)).hasValue(20);
            assertThat(client.query("never.recorded", "avg", FIVE_MINUTES)).isEmpty();

            ClientStatus status = client.status();
            assertThat(status.monitors()).extracting(MonitorState::name).containsExactly("api.errors");
            assertThat(status.counters()).containsEntry("points.accepted", 7L).containsEntry("points.rejected", 1L);
            assertThat(status.store()).isEqualTo(StoreHealth.AVAILABLE);

            assertThatThrownBy(() -> client.send(new Point(Series.of("api.errors", Map.of("service", "checkout")),
                    MetricType.GAUGE, 1, System.currentTimeMillis())))
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ServerErrorException.INVALID_PARAMS);
                        assertThat(e.field()).isEqualTo("type");
                    });
            assertThatThrownBy(() -> client.query("api.errors", "median", FIVE_MINUTES))
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.field()).isEqualTo("aggregate"));
        }
    }

    @Test
    void matchersGroupsAndTheListingOfSeriesReadWhatWasRecorded() throws Exception {
        Path socket = dir.resolve("hawkeye.sock");
        try (PluginManager plugins = PluginManager.load(null, RealServerTest.class.getClassLoader());
             Hawkeye hawkeye = Hawkeye.builder().config(config(socket)).plugins(plugins).start();
             HawkeyeClient client = HawkeyeClient.connect(socket)) {
            client.count("http.requests", 3, "host", "web-1", "region", "eu-west");
            client.count("http.requests", 4, "host", "web-2", "region", "eu-north");
            client.count("http.requests", 5, "host", "web-2", "region", "us-east", "stage", "canary");
            client.count("http.requests", 6, "host", "db-1", "region", "eu-west");
            client.gauge("queue.depth", 9, "host", "web-1");
            assertThat(client.flush()).isTrue();
            hawkeye.flush();

            assertThat(client.query("http.requests", "count", FIVE_MINUTES)).as("every series of the key").hasValue(18);
            assertThat(client.query("http.requests", Map.of("host", "web-*", "stage", "!canary"), "count", FIVE_MINUTES)).hasValue(7);
            QueryGroups byRegion = client.query(SeriesSelector.matching("http.requests", List.of(
                    TagMatcher.anyOf("region", List.of("eu-west", "eu-north")))), List.of("region"), "count", FIVE_MINUTES);
            assertThat(byRegion).isEqualTo(new QueryGroups(List.of(
                    new QueryGroups.Group(Map.of("region", "eu-north"), OptionalDouble.of(4)),
                    new QueryGroups.Group(Map.of("region", "eu-west"), OptionalDouble.of(9))), 0));

            SeriesListing web1 = client.series(SeriesSelector.matching(null, List.of(TagMatcher.parse("host", "web-1"))), FIVE_MINUTES);
            assertThat(web1.series()).extracting(SeriesInfo::series, SeriesInfo::type, SeriesInfo::lastValue).containsExactly(
                    tuple(Series.of("http.requests", Map.of("host", "web-1", "region", "eu-west")), MetricType.COUNTER, 3.0),
                    tuple(Series.of("queue.depth", Map.of("host", "web-1")), MetricType.GAUGE, 9.0));
            assertThat(web1.truncated()).isFalse();
        }
    }

    @Test
    void pointsBufferedWhileTheServerRestartsArriveOnceAtTheNewServer() throws Exception {
        Path socket = dir.resolve("hawkeye.sock");
        try (PluginManager plugins = PluginManager.load(null, RealServerTest.class.getClassLoader());
             HawkeyeClient client = HawkeyeClient.builder().socket(socket)
                     .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)).build()) {
            try (Hawkeye first = Hawkeye.builder().config(config(socket)).plugins(plugins).start()) {
                client.increment("api.errors");
                assertThat(client.flush()).isTrue();
            }

            client.increment("api.errors");
            client.increment("api.errors");
            assertThat(client.flush(Duration.ofMillis(200))).as("nothing answers between the two servers").isFalse();

            try (Hawkeye second = Hawkeye.builder().config(config(socket)).plugins(plugins).start()) {
                assertThat(client.flush()).isTrue();
                second.flush();

                assertThat(client.query("api.errors", "count", FIVE_MINUTES)).hasValue(2);
                assertThat(client.sentPoints()).isEqualTo(3);
                assertThat(client.droppedPoints()).isZero();
            }
        }
    }

    private static HawkeyeConfig config(Path socket) throws IOException {
        HawkeyeConfig parsed = new ConfigLoader(new Environment(Map.of())).parse(MONITORS, "monitors.yaml");
        return parsed.withTransports(List.of(
                PluginConfig.of("transport", Map.of("type", "unix", "path", socket.toString()), path -> "test")));
    }
}
