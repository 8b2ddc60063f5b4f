package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease of several processes sharing one Redis: one owner at a time, renewed by it, taken over once it expires. */
class RedisLeaseTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.plain();

    @RegisterExtension
    final OpenStores stores = new OpenStores(REDIS, Clock.systemUTC());

    @Test
    void oneOwnerAtATimeHoldsTheLeaseAndRenewsIt() {
        MetricStore first = stores.open();
        MetricStore second = stores.open();

        assertThat(first.tryHoldLease("agent", "a", Duration.ofSeconds(30))).isTrue();
        assertThat(second.tryHoldLease("agent", "b", Duration.ofSeconds(30))).isFalse();
        assertThat(first.tryHoldLease("agent", "a", Duration.ofSeconds(30))).as("renewed by its owner").isTrue();
        assertThat(second.tryHoldLease("other-job", "b", Duration.ofSeconds(30))).as("another lease is free").isTrue();
    }

    @Test
    void aLeaseItsOwnerStopsRenewingIsTakenOverOnceItExpires() {
        MetricStore first = stores.open();
        MetricStore second = stores.open();
        assertThat(first.tryHoldLease("agent", "a", Duration.ofMillis(300))).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> second.tryHoldLease("agent", "b", Duration.ofSeconds(30)));

        assertThat(first.tryHoldLease("agent", "a", Duration.ofSeconds(30))).as("the old owner cannot extend it").isFalse();
    }

    @Test
    void renewingExtendsTheLeaseBeyondItsFirstTimeToLive() throws InterruptedException {
        MetricStore first = stores.open();
        MetricStore second = stores.open();
        assertThat(first.tryHoldLease("agent", "a", Duration.ofMillis(500))).isTrue();
        for (int i = 0; i < 4; i++) {
            Thread.sleep(200);
            assertThat(first.tryHoldLease("agent", "a", Duration.ofMillis(500))).isTrue();
        }

        assertThat(second.tryHoldLease("agent", "b", Duration.ofSeconds(30))).as("800 ms after it was taken, still a's").isFalse();
    }
}
