package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client-side aggregation: counters summed, gauges last-valued per series between sends; histograms as they are. */
class AggregationTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path dir;
    private FakeHawkeyeServer server;
    private HawkeyeClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeHawkeyeServer.startOn(dir.resolve("hawkeye.sock"));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private HawkeyeClient aggregating(Duration flushInterval) {
        client = HawkeyeClient.builder().socket(dir.resolve("hawkeye.sock")).aggregation(true).flushInterval(flushInterval)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        return client;
    }

    @Test
    void aHotLoopOfIncrementsIsSentAsOneCounterPointWithTheirSum() {
        aggregating(Duration.ofHours(1));

        for (int i = 0; i < 10_000; i++) {
            client.increment("jobs.done");
        }
        client.count("jobs.done", 2.5);

        assertThat(client.bufferedPoints()).as("nothing is buffered point by point").isZero();
        assertThat(client.flush()).isTrue();
        assertThat(server.points()).hasSize(1);
        JsonNode point = server.points().get(0);
        assertThat(point.path("key").asText()).isEqualTo("jobs.done");
        assertThat(point.path("type").asText()).isEqualTo("counter");
        assertThat(point.path("value").asDouble()).isEqualTo(10_002.5);
        assertThat(point.path("timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(client.sentPoints()).isEqualTo(1);
    }

    @Test
    void aGaugeSendsItsLastValueAndHistogramsEveryObservation() {
        aggregating(Duration.ofHours(1));

        client.gauge("queue.depth", 3);
        client.gauge("queue.depth", 9);
        client.gauge("queue.depth", 4);
        client.histogram("payload.size", 1);
        client.histogram("payload.size", 2);
        client.time("db.query", Duration.ofMillis(5));

        assertThat(client.flush()).isTrue();
        assertThat(server.points()).extracting(point -> point.path("key").asText() + "=" + point.path("value").asDouble())
                .containsExactlyInAnyOrder("queue.depth=4.0", "payload.size=1.0", "payload.size=2.0", "db.query=5.0");
    }

    @Test
    void seriesWithOtherTagsAreAggregatedApart() {
        aggregating(Duration.ofHours(1));

        client.increment("http.requests", "method", "GET");
        client.increment("http.requests", "method", "GET");
        client.increment("http.requests", "method", "PUT");
        client.increment("http.requests");

        assertThat(client.flush()).isTrue();
        assertThat(server.points()).extracting(point -> point.path("tags").path("method").asText("none") + "=" + point.path("value").asDouble())
                .containsExactlyInAnyOrder("GET=2.0", "PUT=1.0", "none=1.0");
    }

    @Test
    void eachFlushIntervalSendsWhatWasRecordedSinceTheLastOne() {
        aggregating(Duration.ofMillis(50));

        for (int i = 0; i < 5; i++) {
            client.increment("jobs.done");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.points().size() == 1);
        for (int i = 0; i < 3; i++) {
            client.increment("jobs.done");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.points().size() == 2);

        assertThat(server.values()).containsExactly(5.0, 3.0);
    }

    @Test
    void aSeriesAlsoRecordedAsAnotherTypeIsBufferedPointByPointForThatType() {
        aggregating(Duration.ofHours(1));

        client.increment("mixed");
        client.increment("mixed");
        client.gauge("mixed", 7);
        client.gauge("mixed", 8);

        assertThat(client.flush()).isTrue();
        assertThat(server.points()).extracting(point -> point.path("type").asText() + "=" + point.path("value").asDouble())
                .containsExactlyInAnyOrder("counter=2.0", "gauge=7.0", "gauge=8.0");
    }

    @Test
    void noCountIsLostOrSentTwiceWhileManyThreadsRecordAndTheSenderTakes() throws Exception {
        aggregating(Duration.ofMillis(5));
        int threads = 4;
        int perThread = 50_000;

        List<Thread> recorders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread recorder = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    client.increment("jobs.done");
                }
            });
            recorders.add(recorder);
            recorder.start();
        }
        for (Thread recorder : recorders) {
            recorder.join();
        }
        assertThat(client.flush()).isTrue();

        double counted = server.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(counted).isEqualTo(threads * perThread);
        assertThat(server.points().size()).as("several sends happened meanwhile").isGreaterThan(1);
        assertThat(client.droppedPoints()).isZero();
    }

    @Test
    void aggregatesKeptWhileTheServerIsDownAreDeliveredOnceItIsBack() throws Exception {
        client = HawkeyeClient.builder().socket(dir.resolve("hawkeye.sock")).aggregation(true).flushInterval(Duration.ofMillis(20))
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
        server.stop();

        for (int i = 0; i < 1000; i++) {
            client.increment("jobs.done");
        }
        assertThat(client.flush(Duration.ofMillis(200))).isFalse();
        server.start();

        assertThat(client.flush()).isTrue();
        assertThat(server.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(1000);
    }

    @Test
    void recordingAfterCloseIsDroppedAndCounted() {
        aggregating(Duration.ofHours(1));
        client.increment("jobs.done");
        client.close();

        client.increment("jobs.done");
        client.gauge("queue.depth", 1);

        assertThat(server.values()).containsExactly(1.0);
        assertThat(client.droppedPoints()).isEqualTo(2);
    }

    @Test
    void withoutAggregationEveryIncrementIsItsOwnPoint() {
        client = HawkeyeClient.builder().socket(dir.resolve("hawkeye.sock")).flushInterval(Duration.ofHours(1)).build();

        client.increment("jobs.done");
        client.increment("jobs.done");

        assertThat(client.flush()).isTrue();
        assertThat(server.values()).containsExactly(1.0, 1.0);
    }
}
