package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.transport.StoreHealth;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class ToolCallsTest {
    @TempDir
    Path dir;
    private FakeHawkeyeServer server;
    private HawkeyeClient client;

    @BeforeEach
    void start() throws Exception {
        server = FakeHawkeyeServer.startOn(dir.resolve("hawkeye.sock"));
        client = HawkeyeClient.connect(dir.resolve("hawkeye.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void pingSucceedsWhenTheServerAnswersPong() throws Exception {
        client.ping();

        assertThat(server.requests("ping")).hasSize(1);
    }

    @Test
    void toolCallsNameTheSocketWhenNoServerListens() throws Exception {
        server.stop();

        assertThatThrownBy(client::ping).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("hawkeye.sock").toString());
        assertThatThrownBy(client::status).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("hawkeye.sock").toString());
        server.start();
    }

    @Test
    void querySendsKeyTagsAggregateAndWindowAndReturnsTheValue() throws Exception {
        server.answer("query", "{\"value\":42.5,\"aggregate\":\"count\",\"from\":1714564500000,\"to\":1714564800000}");

        OptionalDouble value = client.query("api.errors", Map.of("service", "checkout"), "count", Duration.ofMinutes(5));

        assertThat(value).hasValue(42.5);
        assertThat(server.requests("query").get(0).path("params")).isEqualTo(new ObjectMapper().readTree(
                "{\"key\":\"api.errors\",\"tags\":{\"service\":\"checkout\"},\"aggregate\":\"count\",\"window\":\"5m\"}"));
    }

    @Test
    void queryIsEmptyWhenTheWindowHoldsNoData() throws Exception {
        server.answer("query", "{\"value\":null,\"aggregate\":\"avg\",\"from\":1714564770000,\"to\":1714564800000}");

        assertThat(client.query("queue.depth", "avg", Duration.ofSeconds(30))).isEmpty();
        assertThat(server.requests("query").get(0).path("params").path("window").asText()).isEqualTo("30s");
    }

    @Test
    void queryWritesTheWindowAsTheServerReadsIt() throws Exception {
        server.answer("query", "{\"value\":null,\"aggregate\":\"max\",\"from\":0,\"to\":0}");

        client.query("db.query", "max", Duration.ofMillis(250));
        client.query("db.query", "max", Duration.ofSeconds(90));
        client.query("db.query", "max", Duration.ofHours(2));

        assertThat(server.requests("query")).extracting(request -> request.path("params").path("window").asText())
                .containsExactly("250ms", "90s", "2h");
    }

    @Test
    void queryRefusesAnInvalidKeyOrWindowWithoutAsking() {
        assertThatThrownBy(() -> client.query("api errors", "count", Duration.ofMinutes(1))).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> client.query("api.errors", "count", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> client.query("api.errors", "count", Duration.ofNanos(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void queryThrowsTheServersErrorWithItsCodeAndData() throws Exception {
        server.failWith("query", "{\"code\":-32602,\"message\":\"aggregate must be one of count, sum, avg, min, max, last, rate, p50, p90, p95, p99; got 'median'\",\"data\":\"aggregate\"}");

        assertThatThrownBy(() -> client.query("api.errors", "median", Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32602);
                    assertThat(e.field()).isEqualTo("aggregate");
                    assertThat(e.data()).isEqualTo("aggregate");
                    assertThat(e.getMessage()).contains("got 'median'");
                });
    }

    @Test
    void queryTagsAreMatchersSentAsWritten() throws Exception {
        server.answer("query", "{\"value\":7,\"aggregate\":\"count\",\"from\":\"2030-01-02T02:59:05Z\",\"to\":\"2030-01-02T03:04:05Z\",\"series\":3}");

        OptionalDouble value = client.query("api.errors", new TreeMap<>(Map.of("host", "web-*", "stage", "!canary", "zone", "*")),
                "count", Duration.ofMinutes(5));

        assertThat(value).hasValue(7);
        assertThat(server.requests("query").get(0).path("params")).isEqualTo(json(
                "{'key':'api.errors','tags':{'host':'web-*','stage':'!canary','zone':'*'},'aggregate':'count','window':'5m'}"));
    }

    @Test
    void queryRefusesAnEmptyMatcherWithoutAsking() {
        assertThatThrownBy(() -> client.query("api.errors", Map.of("host", ""), "count", Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(InvalidPointException.class, e -> assertThat(e.field()).isEqualTo("tags.host"));
        assertThatThrownBy(() -> client.query("api.errors", Map.of("stage", "!"), "count", Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(InvalidPointException.class, e -> assertThat(e.field()).isEqualTo("tags.stage"));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aGroupedQuerySendsTheMatchersAndByAndReadsEachGroupInTheServersOrder() throws Exception {
        server.answer("query", "{\"groups\":[{\"tags\":{\"region\":\"eu\",\"host\":\"web-1\"},\"value\":null},"
                + "{\"tags\":{\"region\":\"eu\",\"host\":\"web-2\"},\"value\":5}],"
                + "\"aggregate\":\"p99\",\"from\":\"2030-01-02T03:03:05Z\",\"to\":\"2030-01-02T03:04:05Z\",\"groupsLeftOut\":2}");

        QueryGroups groups = client.query(SeriesSelector.matching("api.latency", List.of(
                        TagMatcher.parse("host", "web-*"),
                        TagMatcher.anyOf("region", List.of("eu-west", "eu-north")),
                        TagMatcher.parse("stage", "!canary"))),
                List.of("region", "host"), "p99", Duration.ofMinutes(1));

        assertThat(server.requests("query").get(0).path("params")).isEqualTo(json("{'key':'api.latency',"
                + "'tags':{'host':'web-*','region':['eu-west','eu-north'],'stage':'!canary'},"
                + "'aggregate':'p99','window':'1m','by':['region','host']}"));
        assertThat(groups).isEqualTo(new QueryGroups(List.of(
                new QueryGroups.Group(Map.of("region", "eu", "host", "web-1"), OptionalDouble.empty()),
                new QueryGroups.Group(Map.of("region", "eu", "host", "web-2"), OptionalDouble.of(5))), 2));
        assertThat(groups.groups().get(0).tags().keySet()).containsExactly("region", "host");
    }

    @Test
    void aGroupedQueryRefusesWhatTheServerWouldRefuseWithoutAsking() {
        SeriesSelector canaryLeftOut = SeriesSelector.matching("api.errors", List.of(TagMatcher.parse("stage", "!canary")));
        Duration minute = Duration.ofMinutes(1);

        assertThatThrownBy(() -> client.query(canaryLeftOut, List.of("stage"), "count", minute))
                .isInstanceOfSatisfying(InvalidPointException.class, e -> assertThat(e.field()).isEqualTo("by"))
                .hasMessage("cannot group by tag 'stage': the selector negates it (stage!=canary), which also selects series "
                        + "without the tag, and those belong to no group");
        assertThatThrownBy(() -> client.query(canaryLeftOut, List.of("host", "host"), "count", minute))
                .hasMessage("by names tag 'host' twice");
        assertThatThrownBy(() -> client.query(canaryLeftOut, List.of("a host"), "count", minute))
                .isInstanceOfSatisfying(InvalidPointException.class, e -> assertThat(e.field()).isEqualTo("by"));
        assertThatThrownBy(() -> client.query(SeriesSelector.matching(null, List.of()), List.of(), "count", minute))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a key");
        assertThatThrownBy(() -> client.query(SeriesSelector.exactly(Series.of("api.errors")), List.of(), "count", minute))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SeriesSelector.matching");
        assertThatThrownBy(() -> client.query(SeriesSelector.matching("api.errors", List.of(
                        TagMatcher.parse("host", "web-*"), TagMatcher.parse("host", "!web-3"))), List.of(), "count", minute))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two matchers of tag 'host'");
        assertThatThrownBy(() -> client.query(SeriesSelector.matching("api.errors", List.of(
                        new TagMatcher("stage", List.of("canary", "beta"), true))), List.of(), "count", minute))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negates several values");
        assertThatThrownBy(() -> client.query(SeriesSelector.matching("api.errors", List.of(
                        TagMatcher.equalTo("mood", "!happy"))), List.of(), "count", minute))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("begins with '!'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void seriesSendsTheMatchersAndWindowAndReadsEachSeries() throws Exception {
        server.answer("series", "{\"series\":["
                + "{\"key\":\"api.errors\",\"tags\":{\"host\":\"web-1\"},\"type\":\"counter\",\"lastPointAt\":\"2030-01-02T03:02:00Z\",\"lastValue\":2.5},"
                + "{\"key\":\"queue.depth\",\"tags\":{},\"type\":\"gauge\",\"lastPointAt\":\"2030-01-02T03:04:00.250Z\",\"lastValue\":null}],"
                + "\"truncated\":true}");

        SeriesListing listing = client.series(SeriesSelector.matching(null, List.of(TagMatcher.parse("host", "*"))), Duration.ofHours(1));

        assertThat(server.requests("series").get(0).path("params")).isEqualTo(json("{'tags':{'host':'*'},'window':'1h'}"));
        assertThat(listing).isEqualTo(new SeriesListing(List.of(
                new SeriesInfo(Series.of("api.errors", Map.of("host", "web-1")), MetricType.COUNTER, Instant.parse("2030-01-02T03:02:00Z"), 2.5),
                new SeriesInfo(Series.of("queue.depth"), MetricType.GAUGE, Instant.parse("2030-01-02T03:04:00.250Z"), Double.NaN)), true));
    }

    @Test
    void seriesOfOneKeySendsTheKey() throws Exception {
        server.answer("series", "{\"series\":[],\"truncated\":false}");

        assertThat(client.series(SeriesSelector.matching("api.errors", List.of()), Duration.ofMinutes(5)).series()).isEmpty();
        assertThat(server.requests("series").get(0).path("params")).isEqualTo(json("{'key':'api.errors','window':'5m'}"));
    }

    @Test
    void aStoreThatCannotFindSeriesByMatchersReachesTheCallerAsTheServersError() throws Exception {
        server.failWith("series", "{\"code\":-32001,\"message\":\"this store cannot find series by tag matchers (*{host=*}): "
                + "it keeps no index of series\"}");

        assertThatThrownBy(() -> client.series(SeriesSelector.matching(null, List.of(TagMatcher.parse("host", "*"))), Duration.ofHours(1)))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32001);
                    assertThat(e.getMessage()).startsWith("this store cannot find series by tag matchers");
                });
    }

    @Test
    void anAnswerThatIsNotAListingIsAnIOException() throws Exception {
        server.answer("series", "{\"series\":[{\"key\":\"api errors\",\"type\":\"counter\",\"lastPointAt\":\"2030-01-02T03:02:00Z\"}]}");
        server.answer("query", "{\"value\":1}");

        assertThatThrownBy(() -> client.series(SeriesSelector.matching(null, List.of()), Duration.ofHours(1)))
                .isInstanceOf(IOException.class).isNotInstanceOf(ServerErrorException.class).hasMessageContaining("api errors");
        assertThatThrownBy(() -> client.query(SeriesSelector.matching("k", List.of()), List.of("host"), "count", Duration.ofMinutes(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("no list of groups");
    }

    @Test
    void statusReadsMonitorsAndCounters() throws Exception {
        server.answer("status", "{\"monitors\":["
                + "{\"name\":\"checkout-errors\",\"state\":\"FIRING\",\"level\":\"critical\",\"value\":1200,"
                + "\"condition\":\"count(api.errors{service=checkout}) over 5m >= 1000\",\"since\":1714564800000,\"lastNotified\":1714564860000},"
                + "{\"name\":\"queue-depth\",\"state\":\"UNKNOWN\",\"level\":null,\"value\":null,\"condition\":\"avg(queue.depth) over 1m > 100\","
                + "\"since\":1714564800000,\"lastNotified\":null}],"
                + "\"counters\":{\"points.rejected\":3,\"notifications.failed\":0}}");

        ClientStatus status = client.status();

        assertThat(status.monitors()).containsExactly(
                new MonitorState("checkout-errors", "FIRING", "critical", OptionalDouble.of(1200),
                        "count(api.errors{service=checkout}) over 5m >= 1000",
                        Instant.ofEpochMilli(1714564800000L), Instant.ofEpochMilli(1714564860000L)),
                new MonitorState("queue-depth", "UNKNOWN", null, OptionalDouble.empty(), "avg(queue.depth) over 1m > 100",
                        Instant.ofEpochMilli(1714564800000L), null));
        assertThat(status.counters()).containsExactly(Map.entry("notifications.failed", 0L), Map.entry("points.rejected", 3L));
        assertThat(status.store()).as("a server without \"store\" is taken as available").isEqualTo(StoreHealth.AVAILABLE);
    }

    @Test
    void statusReadsSinceWhenAndWhyTheStoreIsUnavailable() throws Exception {
        server.answer("status", "{\"monitors\":[],\"counters\":{},\"store\":{\"available\":false,"
                + "\"since\":\"2026-03-01T10:00:05Z\",\"reason\":\"redis write failed at redis://:***@db:6379/0: Connection refused\"}}");

        ClientStatus status = client.status();

        assertThat(status.store()).isEqualTo(StoreHealth.unavailable(Instant.parse("2026-03-01T10:00:05Z"),
                "redis write failed at redis://:***@db:6379/0: Connection refused"));
    }

    @Test
    void sendRecordsOnePointAndWaitsForTheAnswer() throws Exception {
        client.send(new Point(Series.of("deploys", Map.of("service", "checkout")), MetricType.COUNTER, 1, 1714564800000L));

        assertThat(server.requests("record")).hasSize(1);
        assertThat(server.points()).containsExactly(new ObjectMapper().readTree(
                "{\"key\":\"deploys\",\"value\":1.0,\"type\":\"counter\",\"tags\":{\"service\":\"checkout\"},\"timestamp\":1714564800000}"));
    }

    @Test
    void sendThrowsTheServersReasonWhenThePointIsRejected() {
        server.rejectPointsWhere(point -> true);

        assertThatThrownBy(() -> client.send(new Point(Series.of("deploys"), MetricType.GAUGE, 1, 1714564800000L)))
                .isInstanceOf(ServerErrorException.class)
                .hasMessage("rejected by test: deploys");
    }

    @Test
    void theFieldOfAnErrorIsReadFromItsDataObject() throws Exception {
        server.failWith("record", "{\"code\":-32602,\"message\":\"value must be a number\",\"data\":{\"field\":\"value\"}}");

        assertThatThrownBy(() -> client.send(new Point(Series.of("deploys"), MetricType.GAUGE, 1, 1714564800000L)))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.field()).isEqualTo("value");
                    assertThat(e.data()).isEqualTo("{\"field\":\"value\"}");
                });
    }

    @Test
    void anUnknownMethodsErrorReachesTheCaller() throws Exception {
        server.failWith("status", "{\"code\":-32601,\"message\":\"method not found: status\"}");

        assertThatThrownBy(client::status).isInstanceOfSatisfying(ServerErrorException.class, e -> {
            assertThat(e.code()).isEqualTo(-32601);
            assertThat(e.field()).isNull();
            assertThat(e.data()).isNull();
        });
    }

    /** JSON written with ' for ". */
    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheCallAfterTheRequestTimeout() throws Exception {
        Path silent = dir.resolve("silent.sock");
        AFUNIXServerSocket listening = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(silent), true);
        try (HawkeyeClient impatient = HawkeyeClient.builder().socket(silent).requestTimeout(Duration.ofMillis(200)).build()) {

            assertThatThrownBy(impatient::ping).isInstanceOf(IOException.class)
                    .hasMessageContaining(silent.toString())
                    .hasMessageContaining("did not answer ping within 200ms");
        } finally {
            listening.close();
        }
    }
}
