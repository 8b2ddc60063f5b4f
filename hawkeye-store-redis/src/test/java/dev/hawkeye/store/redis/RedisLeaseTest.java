package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.storeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease of several processes sharing one Redis: one owner at a time, renewed by it, taken over once it expires. */
class RedisLeaseTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    private final RedisStoreFactory factory = new RedisStoreFactory(Clock.systemUTC());
    private final List<MetricStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(MetricStore::close);
    }

    private MetricStore store() {
        MetricStore store = factory.create(storeConfig(REDIS.url()));
        stores.add(store);
        return store;
    }

    @Test
    void oneOwnerAtATimeHoldsTheLeaseAndRenewsIt() {
        MetricStore first = store();
        MetricStore second = store();

        assertThat(first.tryHoldLease("agent", "a", Duration.ofSeconds(30))).isTrue();
        assertThat(second.tryHoldLease("agent", "b", Duration.ofSeconds(30))).isFalse();
        assertThat(first.tryHoldLease("agent", "a", Duration.ofSeconds(30))).as("renewed by its owner").isTrue();
        assertThat(second.tryHoldLease("other-job", "b", Duration.ofSeconds(30))).as("another lease is free").isTrue();
    }

    @Test
    void aLeaseItsOwnerStopsRenewingIsTakenOverOnceItExpires() {
        MetricStore first = store();
        MetricStore second = store();
        assertThat(first.tryHoldLease("agent", "a", Duration.ofMillis(300))).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> second.tryHoldLease("agent", "b", Duration.ofSeconds(30)));

        assertThat(first.tryHoldLease("agent", "a", Duration.ofSeconds(30))).as("the old owner cannot extend it").isFalse();
    }

    @Test
    void renewingExtendsTheLeaseBeyondItsFirstTimeToLive() throws InterruptedException {
        MetricStore first = store();
        MetricStore second = store();
        assertThat(first.tryHoldLease("agent", "a", Duration.ofMillis(500))).isTrue();
        for (int i = 0; i < 4; i++) {
            Thread.sleep(200);
            assertThat(first.tryHoldLease("agent", "a", Duration.ofMillis(500))).isTrue();
        }

        assertThat(second.tryHoldLease("agent", "b", Duration.ofSeconds(30))).as("800 ms after it was taken, still a's").isFalse();
    }
}
