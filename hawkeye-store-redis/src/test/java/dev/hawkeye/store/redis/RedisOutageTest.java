package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.List;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** Redis goes away and comes back; the server requires a password, which no error may show. */
class RedisOutageTest {
    private static final String PASSWORD = "Tr0ub4dor-3";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.withPassword(PASSWORD);

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final Series SERIES = Series.of("jobs.done");

    private MetricStore store;

    @BeforeEach
    void createStore() {
        store = new RedisStoreFactory(Clock.fixed(NOW, ZoneOffset.UTC))
                .create(storeConfig(REDIS.url(), "timeout", "1s", "pool_size", 2));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void writeOne(String batchId) {
        store.write(batch(batchId, bucket(SERIES, MetricType.COUNTER, T - 1_000, stats(T - 1_000, 1))));
    }

    private double count() {
        return store.read(SERIES, Aggregate.COUNT, NOW.minusSeconds(60), NOW).orElseThrow();
    }

    @Test
    void everyOperationOnAKilledRedisFailsWithAStoreExceptionNamingItAndTheUrlWithoutPassword() {
        writeOne("b-1");
        REDIS.kill();
        String redactedUrl = "redis://:***@127.0.0.1:" + REDIS.port() + "/0";

        Map<String, Executable> operations = Map.of(
                "write of batch b-2", () -> writeOne("b-2"),
                "read of count of jobs.done", this::count,
                "save of the alert state of monitor m", () -> store.alerts().orElseThrow().save(AlertState.initial("m", NOW), List.of(), Fence.NONE),
                "load of the alert state of monitor m", () -> store.alerts().orElseThrow().loadState("m"),
                "load of all alert states", () -> store.alerts().orElseThrow().loadStates());

        operations.forEach((operation, call) -> {
            StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> catchThrowableOfType(StoreException.class, call::execute));
            assertThat(e).as(operation).hasMessageStartingWith("redis " + operation + " failed at " + redactedUrl + ": ");
            assertThat(Secrets.messagesOf(e)).as(operation).doesNotContain(PASSWORD);
        });
    }

    @Test
    void aRestartedRedisWorksAgainAfterFailedCalls() {
        writeOne("b-1");
        REDIS.kill();
        catchThrowableOfType(StoreException.class, () -> writeOne("b-2"));

        REDIS.restart();
        writeOne("b-3");

        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aRestartedRedisWorksAgainAtTheFirstCallThoughThePooledConnectionIsStale() {
        writeOne("b-1");
        REDIS.restart();

        writeOne("b-3");

        assertThat(count()).isEqualTo(1);
        assertThat(store.alerts().orElseThrow().loadStates()).isEmpty();
    }
}
