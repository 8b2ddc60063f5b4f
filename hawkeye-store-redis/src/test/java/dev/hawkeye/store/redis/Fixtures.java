package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesBucket;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.core.store.MemoryStore;
import dev.hawkeye.core.store.MemoryStoreSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders shared by the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A {@code store:} section of type redis; {@code keyValues} alternate key and value. */
    static PluginConfig storeConfig(String url, Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "redis");
        if (url != null) {
            values.put("url", url);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return PluginConfig.of("store", values, keyPath -> "hawkeye.yaml:3:3");
    }

    static FlushBatch batch(String id, SeriesBucket... buckets) {
        return new FlushBatch(id, 0, 1_000, List.of(buckets));
    }

    static SeriesBucket bucket(Series series, MetricType type, long startMillis, Stats stats) {
        return new SeriesBucket(series, type, startMillis, stats);
    }

    /**
     * The summary of {@code values} of a series of {@code type} observed one millisecond apart from
     * {@code firstMillis}: with a sketch when it is a histogram.
     */
    static Stats stats(MetricType type, long firstMillis, double... values) {
        Stats stats = Stats.EMPTY;
        for (int i = 0; i < values.length; i++) {
            stats = stats.add(type, values[i], firstMillis + i);
        }
        return stats;
    }

    /** The summary of {@code values} observed one millisecond apart from {@code firstMillis}, without a sketch. */
    static Stats stats(long firstMillis, double... values) {
        Stats stats = Stats.EMPTY;
        for (int i = 0; i < values.length; i++) {
            stats = stats.add(values[i], firstMillis + i);
        }
        return stats;
    }

    /**
     * A memory store of 24 h that keeps every bucket at its own resolution (no rollups): the exact
     * reference the redis store's reads are compared with.
     */
    static MemoryStore exactMemoryStore(Clock clock) {
        Duration day = Duration.ofHours(24);
        return new MemoryStore(new MemoryStoreSettings(day, 1_000, day, Duration.ofMinutes(1), 256L << 20), clock);
    }
}
