package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The redis store's fault test: Redis crashes twice while a client sends 200,000 counter
 * increments through a running {@code hawkeye server}, and afterwards Redis holds exactly 200,000,
 * none lost and none counted twice. Redis persists every write before answering (see
 * {@link RedisServer}); the hop from the client to the server is not interrupted. Once with one
 * series (a batch is one script), once spread over 10 series with {@code write_chunk: 3} (a batch
 * is 4 scripts in a pipeline, which a crash may cut after any of them).
 */
class RedisFaultIT {
    private static final String KEY = "fault.increments";
    private static final int CHUNKS = 200;
    private static final int CHUNK = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHUNKED_CONFIG = """
            version: 2
            store: {type: redis, url: "${REDIS_URL}", write_chunk: 3}
            notifiers:
              out: {type: console}
            defaults: {window: 10s, evaluate_every: 10s}
            monitors:
              - name: increments
                metric: fault.increments
                aggregate: count
                triggers:
                  - {level: warning, when: ">= 1000000000", notify: [{via: out, to: [oncall@example.com]}]}
            """;

    @RegisterExtension
    final Distribution distribution = new Distribution();
    private RedisServer redis;

    @BeforeEach
    void startRedis() throws IOException {
        redis = RedisServer.startFor(distribution);
    }

    @AfterEach
    void stopEverything() throws IOException {
        redis.close();
    }

    @Test
    void twoRedisCrashesDuringTwoHundredThousandIncrementsLoseNoneAndCountNoneTwice() throws Exception {
        crashTwiceWhileSending(AlertEndToEndIT.CONFIG, 1);
    }

    @Test
    void twoRedisCrashesDuringIncrementsOfTenSeriesWrittenInChunksLoseNoneAndCountNoneTwice() throws Exception {
        crashTwiceWhileSending(CHUNKED_CONFIG, 10);
    }

    /** Sends the increments round robin to {@code series} series ({@code worker=0}, ...), or to {@link #KEY} alone. */
    private void crashTwiceWhileSending(String config, int series) throws Exception {
        HawkeyeProcess server = distribution.start("server", "--config",
                distribution.writeConfig("monitors.yaml", config).toString(), "--socket", distribution.socket().toString());
        Processes.awaitPing(server, distribution.socket());
        if (series > 1) {
            assertThat(Stream.concat(server.stdout().stream(), server.stderr().stream()))
                    .as("the store took the setting: %s", server.describe()).anyMatch(line -> line.contains("write chunk 3"));
        }

        try (HawkeyeClient client = HawkeyeClient.connect(distribution.socket())) {
            long errorsAtKill = 0;
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                switch (chunk) {
                    case 40, 120 -> {
                        errorsAtKill = counter(client, "store.errors");
                        redis.kill();
                    }
                    case 70, 150 -> {
                        // Down until the server has failed to write at least once: the outage is felt.
                        awaitCounterAbove(client, "store.errors", errorsAtKill, server);
                        long written = counter(client, "batches.written");
                        redis.start();
                        // Up until the server has written again, so the next crash is a second outage.
                        awaitCounterAbove(client, "batches.written", written, server);
                    }
                    default -> { }
                }
                // A chunk at a time, so the client's buffer (10,000 points) never overflows.
                for (int i = 0; i < CHUNK; i++) {
                    if (series == 1) {
                        client.increment(KEY);
                    } else {
                        client.increment(KEY, "worker", Integer.toString(i % series));
                    }
                }
                assertThat(client.flush(Duration.ofSeconds(10))).as("chunk %d sent: %s", chunk, server.describe()).isTrue();
            }
            // Not sentPoints(): a client may merge increments before sending; the stored count is what must hold.
            assertThat(client.droppedPoints()).isZero();
            assertThat(client.rejectedPoints()).isZero();

            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(count(client, series)).as(server.describe()).isEqualTo(CHUNKS * CHUNK));
            // Stays there: no retried batch arrives late and counts again.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(count(client, series)).as(server.describe()).isEqualTo(CHUNKS * CHUNK));

            Map<String, Long> counters = client.status().counters();
            assertThat(counters).as("both outages were felt: %s", server.describe()).hasEntrySatisfying("store.errors",
                    errors -> assertThat(errors).isGreaterThanOrEqualTo(2));
            for (String loss : List.of("batches.dropped", "points.dropped", "points.rejected")) {
                assertThat(counters.getOrDefault(loss, 0L)).as(loss + " in " + server.describe()).isZero();
            }
        }
    }

    /** The count of {@link #KEY}, or the sum of the counts of its {@code series} series. */
    private static double count(HawkeyeClient client, int series) throws IOException {
        if (series == 1) {
            return client.query(KEY, "count", Duration.ofMinutes(5)).orElse(0);
        }
        double sum = 0;
        for (int i = 0; i < series; i++) {
            OptionalDouble count = client.query(KEY, Map.of("worker", Integer.toString(i)), "count", Duration.ofMinutes(5));
            sum += count.orElse(0);
        }
        return sum;
    }

    private static long counter(HawkeyeClient client, String name) throws IOException {
        return client.status().counters().getOrDefault(name, 0L);
    }

    private static void awaitCounterAbove(HawkeyeClient client, String name, long floor, HawkeyeProcess server) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).alias(name + " above " + floor + ": " + server.describe())
                .until(() -> counter(client, name) > floor);
    }
}
