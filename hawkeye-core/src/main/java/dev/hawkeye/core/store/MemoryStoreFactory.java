package dev.hawkeye.core.store;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.MetricStoreFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The built-in store of type {@code memory} (the default): a {@link MemoryStore}. Its one setting
 * is {@code retention} (a duration, default {@code 24h}).
 */
@AutoService(MetricStoreFactory.class)
public final class MemoryStoreFactory implements MetricStoreFactory {
    public static final String TYPE = "memory";
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricStore create(PluginConfig config) {
        config.rejectUnknownKeys(List.of("retention"));
        Duration retention = config.duration("retention", DEFAULT_RETENTION);
        if (retention.isZero()) {
            throw config.invalid("retention", "must be longer than 0, e.g. 24h");
        }
        return new MemoryStore(retention, Clock.systemUTC());
    }
}
