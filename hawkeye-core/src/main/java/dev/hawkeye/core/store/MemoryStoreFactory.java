package dev.hawkeye.core.store;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The built-in store of type {@code memory} (the default): a {@link MemoryStore}. Its settings are
 * {@code retention} (a duration, default {@code 24h}) and {@code max_series} (how many series it
 * holds at most, default {@value #DEFAULT_MAX_SERIES}).
 */
@AutoService(MetricStoreFactory.class)
public final class MemoryStoreFactory implements MetricStoreFactory {
    public static final String TYPE = "memory";
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    /** The default {@code max_series}: as many as the ingest keeps live by default. */
    public static final int DEFAULT_MAX_SERIES = 100_000;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricStore create(PluginConfig config) {
        config.rejectUnknownKeys(List.of("retention", "max_series"));
        Duration retention = config.duration("retention", DEFAULT_RETENTION);
        if (retention.isZero()) {
            throw config.invalid("retention", "must be longer than 0, e.g. 24h");
        }
        int maxSeries = config.integer("max_series", DEFAULT_MAX_SERIES, 1, Integer.MAX_VALUE);
        return new MemoryStore(retention, maxSeries, Clock.systemUTC());
    }
}
