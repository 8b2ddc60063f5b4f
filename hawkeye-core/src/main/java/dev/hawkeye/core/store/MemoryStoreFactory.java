package dev.hawkeye.core.store;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in store of type {@code memory} (the default): a {@link MemoryStore}. Its settings are
 * {@code retention} (a duration, default {@code 24h}), {@code max_series} (how many series it holds
 * at most, default {@value #DEFAULT_MAX_SERIES}), {@code detail} (how long buckets keep their own
 * resolution, default {@code 10m}), {@code rollup} (the width of the rollups after that, default
 * {@code 1m}) and {@code max_memory} (default {@code 128MB}); see {@link MemoryStoreSettings}.
 */
@AutoService(MetricStoreFactory.class)
public final class MemoryStoreFactory implements MetricStoreFactory {
    public static final String TYPE = "memory";
    public static final Duration DEFAULT_RETENTION = MemoryStoreSettings.DEFAULT_RETENTION;
    /** The default {@code max_series}: as many as the ingest keeps live by default. */
    public static final int DEFAULT_MAX_SERIES = MemoryStoreSettings.DEFAULT_MAX_SERIES;
    private static final Logger log = LoggerFactory.getLogger(MemoryStoreFactory.class);

    @Override
    public String type() {
        return TYPE;
    }

    /** {@inheritDoc} Warns when {@code max_memory} is more than half the JVM's maximum heap. */
    @Override
    public MetricStore create(PluginConfig config) {
        MemoryStoreSettings settings = MemoryStoreSettings.from(config);
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap != Long.MAX_VALUE && settings.maxMemoryBytes() > maxHeap / 2) {
            log.warn("{}.max_memory ({}) is more than half the JVM's maximum heap ({}): the server may run out of memory "
                    + "before the store evicts; lower max_memory or raise the heap (JAVA_OPTS=-Xmx...)", config.path(),
                    ByteSize.format(settings.maxMemoryBytes()), (maxHeap >> 20) + "MB");
        }
        return new MemoryStore(settings, Clock.systemUTC());
    }
}
