package dev.hawkeye.store.redis;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import dev.hawkeye.api.store.StoreException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code redis} store: {@code store: {type: redis, url: redis://[user:password@]host:port/db}}
 * ({@code rediss://} for TLS), with optional {@code pool_size} (8), {@code timeout} (2s),
 * {@code key_prefix} ({@code hawkeye:}), {@code retention} (24h), {@code sketch_detail} (1h),
 * {@code sketch_rollup} (1m) and {@code write_chunk} (1000). Thread-safe and stateless;
 * found through {@link java.util.ServiceLoader}.
 */
@AutoService(MetricStoreFactory.class)
public final class RedisStoreFactory implements MetricStoreFactory {
    private static final System.Logger LOG = System.getLogger(RedisStoreFactory.class.getName());

    private final Clock clock;

    /** The factory {@link java.util.ServiceLoader} creates: stores use the system clock. */
    public RedisStoreFactory() {
        this(Clock.systemUTC());
    }

    /** A factory whose stores tell the time (for the retention cutoff of writes) by {@code clock}. */
    public RedisStoreFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "redis";
    }

    /**
     * Validates the section, connects, sends one {@code PING} and checks that Redis does not evict
     * keys ({@link EvictionCheck}).
     *
     * @throws dev.hawkeye.api.config.ConfigException for every bad setting
     * @throws StoreException when Redis cannot be reached or refuses the login, within the
     *                        configured timeout, or may evict keys; its message names the URL
     *                        without the password
     */
    @Override
    public MetricStore create(PluginConfig config) {
        RedisStoreSettings settings = RedisStoreSettings.from(config);
        RedisCommands redis = new RedisCommands(settings.url(), settings.poolSize(), settings.timeout());
        try {
            redis.run("connection check (PING)", UnifiedJedis::ping);
            EvictionCheck.requireNoEviction(redis);
        } catch (StoreException e) {
            redis.close();
            throw e;
        }
        RedisMetricStore store = new RedisMetricStore(settings, redis, clock);
        LOG.log(Level.INFO, () -> "store ready: " + store.describe());
        return store;
    }
}
