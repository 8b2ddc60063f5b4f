package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A Redis that may evict keys (any maxmemory-policy but noeviction) is refused at start, saying why and how to fix it. */
class EvictionCheckTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private final RedisStoreFactory factory = new RedisStoreFactory();

    @AfterEach
    void evictNothingAgain() {
        REDIS.admin(r -> r.configSet("maxmemory-policy", "noeviction"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"allkeys-lru", "volatile-lru", "volatile-ttl", "allkeys-random"})
    void anEvictingRedisIsRefused(String policy) {
        REDIS.admin(r -> r.configSet("maxmemory-policy", policy));

        assertThatThrownBy(() -> factory.create(storeConfig(REDIS.url())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("maxmemory-policy " + policy)
                .hasMessageContaining("batch markers")
                .hasMessageContaining("CONFIG SET maxmemory-policy noeviction");
    }

    @Test
    void aRedisThatEvictsNothingIsTaken() {
        try (MetricStore store = factory.create(storeConfig(REDIS.url()))) {
            assertThat(store.describe()).startsWith("redis ");
        }
    }

    @Test
    void readsThePolicyFromInfoMemory() {
        assertThat(EvictionCheck.policy("# Memory\r\nused_memory:1\r\nmaxmemory_policy:allkeys-lfu\r\n")).contains("allkeys-lfu");
        assertThat(EvictionCheck.policy("# Memory\r\nused_memory:1\r\n")).isEmpty();
    }
}
