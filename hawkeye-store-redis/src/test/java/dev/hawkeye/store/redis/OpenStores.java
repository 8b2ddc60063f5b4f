package dev.hawkeye.store.redis;

import static dev.hawkeye.store.redis.Fixtures.storeConfig;

import dev.hawkeye.api.store.MetricStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Redis stores opened by a test against its {@link RedisServerExtension}, each closed after the
 * test: {@code @RegisterExtension final OpenStores stores = new OpenStores(REDIS, clock);}, then
 * {@code stores.open("retention", "1h")}.
 */
final class OpenStores implements AfterEachCallback {
    private final RedisServerExtension redis;
    private final RedisStoreFactory factory;
    private final List<MetricStore> open = new ArrayList<>();

    OpenStores(RedisServerExtension redis, Clock clock) {
        this.redis = redis;
        this.factory = new RedisStoreFactory(clock);
    }

    /** A store on the test's Redis with the default settings but for {@code settings} (key, value, ...). */
    MetricStore open(Object... settings) {
        MetricStore store = factory.create(storeConfig(redis.url(), settings));
        open.add(store);
        return store;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(MetricStore::close);
        open.clear();
    }
}
