package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.metric.InvalidPointException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private FakeHawkeyeServer server;
    private HawkeyeClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeHawkeyeServer.startOn(dir.resolve("hawkeye.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private HawkeyeClient client(HawkeyeClient.Builder builder) {
        client = builder.socket(dir.resolve("hawkeye.sock")).clock(CLOCK).build();
        return client;
    }

    @Test
    void sendsEachPointWithKeyValueTypeTagsAndTimestampLeavingOutTheDefaults() throws Exception {
        client(HawkeyeClient.builder().flushInterval(Duration.ofHours(1)));

        client.increment("http.server.requests", "method", "GET", "status", "200");
        client.count("bytes.sent", 512);
        client.gauge("queue.depth", 7, "queue", "orders");
        client.histogram("payload.size", 1024.5);
        client.time("db.query", Duration.ofMillis(1500), "table", "orders");

        assertThat(client.flush()).isTrue();
        long t = NOW.toEpochMilli();
        // Value 1 and type counter are the server's defaults; a whole value goes as an integer.
        assertThat(server.wirePoints()).containsExactly(
                json("{\"key\":\"http.server.requests\",\"tags\":{\"method\":\"GET\",\"status\":\"200\"},\"timestamp\":" + t + "}"),
                json("{\"key\":\"bytes.sent\",\"value\":512,\"timestamp\":" + t + "}"),
                json("{\"key\":\"queue.depth\",\"value\":7,\"type\":\"gauge\",\"tags\":{\"queue\":\"orders\"},\"timestamp\":" + t + "}"),
                json("{\"key\":\"payload.size\",\"value\":1024.5,\"type\":\"histogram\",\"timestamp\":" + t + "}"),
                json("{\"key\":\"db.query\",\"value\":1500,\"type\":\"histogram\",\"tags\":{\"table\":\"orders\"},\"timestamp\":" + t + "}"));
        assertThat(server.requests("recordBatch")).allSatisfy(request -> {
            assertThat(request.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(request.has("id")).isTrue();
        });
        assertThat(client.sentPoints()).isEqualTo(5);
    }

    @Test
    void sendsBatchesOfAtMostMaxBatchSizeInTheOrderRecorded() {
        client(HawkeyeClient.builder().maxBatchSize(10).flushInterval(Duration.ofHours(1)));

        List<Double> recorded = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            client.gauge("queue.depth", i);
            recorded.add((double) i);
        }

        assertThat(client.flush()).isTrue();
        assertThat(server.values()).isEqualTo(recorded);
        assertThat(server.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 10));
    }

    @Test
    void sendsAFullBatchWithoutWaitingForTheFlushInterval() {
        client(HawkeyeClient.builder().maxBatchSize(5).flushInterval(Duration.ofHours(1)));

        for (int i = 0; i < 5; i++) {
            client.increment("jobs.done");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> server.points().size() == 5);
        assertThat(server.batchSizes()).containsExactly(5);
    }

    @Test
    void sendsWhatIsBufferedOnceTheFlushIntervalPasses() {
        client(HawkeyeClient.builder().maxBatchSize(1000).flushInterval(Duration.ofMillis(50)));

        client.increment("jobs.done");

        await().atMost(Duration.ofSeconds(5)).until(() -> server.points().size() == 1);
    }

    @Test
    void timesARunnableAndAStartedTimerInMilliseconds() throws Exception {
        client(HawkeyeClient.builder());

        client.time("job.duration", () -> sleep(20), "job", "a");
        TimerSample sample = client.startTimer();
        sleep(20);
        Duration elapsed = sample.stop("job.duration", "job", "b");

        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(client.flush()).isTrue();
        assertThat(server.points()).hasSize(2).allSatisfy(point -> {
            assertThat(point.path("type").asText()).isEqualTo("histogram");
            assertThat(point.path("value").asDouble()).isGreaterThanOrEqualTo(20.0);
        });
        assertThat(server.points().get(1).path("value").asDouble()).isEqualTo(elapsed.toNanos() / 1e6);
    }

    @Test
    void timingARunnableRecordsEvenWhenItThrows() {
        client(HawkeyeClient.builder());

        assertThatThrownBy(() -> client.time("job.duration", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(client.flush()).isTrue();
        assertThat(server.points()).extracting(point -> point.path("key").asText()).containsExactly("job.duration");
    }

    @Test
    void anInvalidKeyThrowsOnTheCallersThreadNamingTheFieldAndRecordsNothing() {
        client(HawkeyeClient.builder());

        assertThatThrownBy(() -> client.increment("api errors"))
                .isInstanceOf(InvalidPointException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a space")
                .extracting(e -> ((InvalidPointException) e).field()).isEqualTo("key");
        assertThatThrownBy(() -> client.gauge("", 1)).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> client.gauge(null, 1)).isInstanceOf(InvalidPointException.class);
        assertThat(client.bufferedPoints()).isZero();
    }

    @Test
    void invalidTagsThrowNamingTheTag() {
        client(HawkeyeClient.builder());

        assertThatThrownBy(() -> client.increment("http.requests", "method"))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("name/value pairs");
        assertThatThrownBy(() -> client.increment("http.requests", "method", "GET", "method", "PUT"))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> client.increment("http.requests", "the method", "GET"))
                .isInstanceOf(InvalidPointException.class).hasMessageContaining("the method");
        assertThatThrownBy(() -> client.increment("http.requests", "method", null))
                .isInstanceOf(InvalidPointException.class)
                .extracting(e -> ((InvalidPointException) e).field()).isEqualTo("tags.method");
        assertThat(client.bufferedPoints()).isZero();
    }

    @Test
    void valuesThatAreNotFiniteOrNegativeCountsAndDurationsThrow() {
        client(HawkeyeClient.builder());

        assertThatThrownBy(() -> client.gauge("queue.depth", Double.NaN)).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> client.histogram("payload.size", Double.POSITIVE_INFINITY)).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> client.count("bytes.sent", -1)).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> client.count("bytes.sent", Double.NaN)).isInstanceOf(InvalidPointException.class);
        assertThatThrownBy(() -> client.time("db.query", Duration.ofMillis(-1))).isInstanceOf(InvalidPointException.class);
        assertThat(client.bufferedPoints()).isZero();
    }

    @Test
    void timingARunnableWithAnInvalidKeyThrowsBeforeRunningIt() {
        client(HawkeyeClient.builder());
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> client.time("bad key", () -> ran.set(true))).isInstanceOf(InvalidPointException.class);

        assertThat(ran).isFalse();
    }

    @Test
    void builderRefusesSettingsOutOfRange() {
        assertThatThrownBy(() -> HawkeyeClient.builder().bufferSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bufferSize");
        assertThatThrownBy(() -> HawkeyeClient.builder().maxBatchSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HawkeyeClient.builder().flushInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flushInterval");
        assertThatThrownBy(() -> HawkeyeClient.builder().reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
