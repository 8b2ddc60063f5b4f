package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.testing.RedisProcess;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RedisStoreFactoryTest {
    private final RedisStoreFactory factory = new RedisStoreFactory();

    @Test
    void isFoundByServiceLoaderAsTypeRedis() {
        assertThat(ServiceLoader.load(MetricStoreFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(found -> {
                    assertThat(found).isInstanceOf(RedisStoreFactory.class);
                    assertThat(found.type()).isEqualTo("redis");
                });
    }

    @Test
    void appliesTheDefaults() {
        RedisStoreSettings settings = RedisStoreSettings.from(storeConfig("redis://cache"));

        assertThat(settings.poolSize()).isEqualTo(8);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.keyPrefix()).isEqualTo("hawkeye:");
        assertThat(settings.retention()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.sketchDetail()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.sketchRollup()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.writeChunk()).isEqualTo(1_000);
    }

    @Test
    void readsEverySetting() {
        RedisStoreSettings settings = RedisStoreSettings.from(storeConfig("rediss://:pw@cache:6380/2",
                "pool_size", 16, "timeout", "500ms", "key_prefix", "hk:", "retention", "7d", "sketch_detail", "15m",
                "sketch_rollup", "5m", "write_chunk", 500));

        assertThat(settings).isEqualTo(new RedisStoreSettings(new RedisUrl(true, null, "pw", "cache", 6380, 2),
                16, Duration.ofMillis(500), "hk:", Duration.ofDays(7), Duration.ofMinutes(15), Duration.ofMinutes(5), 500));
    }

    @Test
    void refusesAnUnknownKeySuggestingTheIntendedOne() {
        assertThatThrownBy(() -> factory.create(storeConfig("redis://cache", "pool_sise", 4)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.pool_sise")
                .hasMessageContaining("pool_size");
    }

    @Test
    void requiresTheUrl() {
        assertThatThrownBy(() -> factory.create(storeConfig(null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hawkeye.yaml:3:3: store.url: is required");
    }

    @Test
    void reportsEveryBadSettingAtOnceWithoutThePassword() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> factory.create(storeConfig(
                "redis://:hunter2@cache:99999/0", "pool_size", 0, "timeout", "0s", "key_prefix", "hk{x}:", "retention", "soon",
                "sketch_detail", "-1s", "sketch_rollup", "2d", "write_chunk", 0)));

        assertThat(e.problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("store.url", "store.pool_size", "store.timeout", "store.key_prefix", "store.retention",
                        "store.sketch_detail", "store.sketch_rollup", "store.write_chunk");
        assertThat(e.getMessage()).contains("redis://:***@cache:99999/0").doesNotContain("hunter2");
    }

    @Test
    void failsFastAtCreateWhenNothingListensNamingTheUrlWithoutItsPassword() {
        int port = RedisProcess.freePort();

        StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowableOfType(StoreException.class,
                () -> factory.create(storeConfig("redis://alice:hunter2@127.0.0.1:" + port + "/0"))));

        assertThat(e).hasMessageContaining("redis://alice:***@127.0.0.1:" + port + "/0").hasMessageContaining("PING");
        assertThat(Secrets.messagesOf(e)).doesNotContain("hunter2");
    }
}
