package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.batch;
import static dev.hawkeye.store.redis.Fixtures.bucket;
import static dev.hawkeye.store.redis.Fixtures.stats;
import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A password-protected Redis: the password works and never shows. */
class RedisCredentialsTest {
    /** Holds the characters a password from ${REDIS_PASSWORD} is likely to hold unescaped. */
    private static final String PASSWORD = "s3cr@t/p#ss:w0rd";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.withPassword(PASSWORD);

    private final RedisStoreFactory factory = new RedisStoreFactory();

    private String url(String userInfo) {
        return "redis://" + userInfo + "@127.0.0.1:" + REDIS.port() + "/0";
    }

    @Test
    void logsInWithAnUnescapedPasswordAndDescribesItselfWithoutIt() {
        Instant now = Instant.now();
        Series series = Series.of("logins");
        try (MetricStore store = factory.create(storeConfig(url(":" + PASSWORD)))) {
            store.write(batch("b-1", bucket(series, MetricType.COUNTER, now.toEpochMilli() - 1_000, stats(now.toEpochMilli() - 1_000, 1))));

            assertThat(store.read(series, Aggregate.COUNT, now.minusSeconds(10), now)).hasValue(1);
            assertThat(store.describe()).contains("redis://:***@127.0.0.1:" + REDIS.port() + "/0").doesNotContain(PASSWORD);
        }
    }

    @Test
    void logsInAsTheDefaultUserWithAPercentEncodedPassword() {
        try (MetricStore store = factory.create(storeConfig(url("default:s3cr%40t%2Fp%23ss%3Aw0rd")))) {
            assertThat(store.alerts().orElseThrow().loadStates()).isEmpty();
            assertThat(store.describe()).contains("redis://default:***@").doesNotContain(PASSWORD);
        }
    }

    @Test
    void aWrongPasswordFailsAtCreateShowingNeitherPassword() {
        StoreException e = catchThrowableOfType(StoreException.class, () -> factory.create(storeConfig(url(":wrong-" + PASSWORD))));

        assertThat(e).hasMessageContaining("redis://:***@127.0.0.1:" + REDIS.port() + "/0");
        assertThat(Secrets.messagesOf(e)).doesNotContain(PASSWORD, "wrong-");
    }

    @Test
    void noPasswordFailsAtCreateSayingRedisWantsOne() {
        StoreException e = catchThrowableOfType(StoreException.class, () -> factory.create(storeConfig(
                "redis://127.0.0.1:" + REDIS.port() + "/0")));

        assertThat(e).hasMessageContaining("NOAUTH");
    }
}
