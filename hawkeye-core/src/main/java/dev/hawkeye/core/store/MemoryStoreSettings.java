package dev.hawkeye.core.store;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblemCollector;
import dev.hawkeye.api.config.PluginConfig;
import java.time.Duration;
import java.util.List;

/**
 * The settings of a {@link MemoryStore}, the {@code store:} section of type {@code memory}.
 *
 * @param retention      how long data is kept, counted from the start of its bucket or rollup
 *                       ({@code retention}, default 24h)
 * @param maxSeries      how many series are held at most ({@code max_series}, default 100,000)
 * @param detail         how long a bucket is kept at its own resolution before it is merged into
 *                       its rollup ({@code detail}, default 10m); {@code 0s}: rollups only; at or
 *                       beyond the retention: no rollups
 * @param rollup         the width of a rollup ({@code rollup}, default 1m)
 * @param maxMemoryBytes what the store may hold, by its estimate, before it evicts the oldest data
 *                       ({@code max_memory}, default 128MB)
 * @throws IllegalArgumentException when a value is out of its range (the factory says which key)
 */
public record MemoryStoreSettings(Duration retention, int maxSeries, Duration detail, Duration rollup, long maxMemoryBytes) {
    static final List<String> KEYS = List.of("retention", "max_series", "detail", "rollup", "max_memory");
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    /** As many series as the ingest keeps live by default. */
    public static final int DEFAULT_MAX_SERIES = 100_000;
    /** Twice the default monitor window, at about 34 KB per busy series (see the README). */
    public static final Duration DEFAULT_DETAIL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_ROLLUP = Duration.ofMinutes(1);
    /** With the ingest's 35 MB for 100,000 live series, a server stays well below 256 MB of heap. */
    public static final long DEFAULT_MAX_MEMORY_BYTES = 128L << 20;
    static final Duration MIN_RETENTION = Duration.ofSeconds(1);
    static final Duration MAX_RETENTION = Duration.ofDays(3660);
    static final Duration MIN_ROLLUP = Duration.ofSeconds(1);
    static final Duration MAX_ROLLUP = Duration.ofDays(1);
    static final long MIN_MAX_MEMORY_BYTES = 1L << 20;
    static final long MAX_MAX_MEMORY_BYTES = 1L << 40;

    public MemoryStoreSettings {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive; got " + retention);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1; got " + maxSeries);
        }
        if (detail.isNegative()) {
            throw new IllegalArgumentException("detail must not be negative; got " + detail);
        }
        if (rollup.toMillis() < 1) {
            throw new IllegalArgumentException("rollup must be at least 1ms; got " + rollup);
        }
        if (maxMemoryBytes < 1) {
            throw new IllegalArgumentException("maxMemoryBytes must be positive; got " + maxMemoryBytes);
        }
    }

    /** The defaults but for the retention and {@code maxSeries}. */
    public static MemoryStoreSettings of(Duration retention, int maxSeries) {
        return new MemoryStoreSettings(retention, maxSeries, DEFAULT_DETAIL, DEFAULT_ROLLUP, DEFAULT_MAX_MEMORY_BYTES);
    }

    /** Whether buckets are merged into rollups: when they keep their own resolution for less than the retention. */
    public boolean rollsUp() {
        return detail.compareTo(retention) < 0;
    }

    /**
     * Reads and checks the whole section.
     *
     * @throws ConfigException with every problem found (unknown keys first, on their own)
     */
    static MemoryStoreSettings from(PluginConfig config) {
        config.rejectUnknownKeys(KEYS);
        ConfigProblemCollector problems = new ConfigProblemCollector();
        Duration retention = problems.read(() -> config.duration("retention", DEFAULT_RETENTION, MIN_RETENTION, MAX_RETENTION));
        Integer maxSeries = problems.read(() -> config.integer("max_series", DEFAULT_MAX_SERIES, 1, Integer.MAX_VALUE));
        Duration detail = problems.read(() -> config.duration("detail", DEFAULT_DETAIL, Duration.ZERO, MAX_RETENTION));
        Duration rollup = problems.read(() -> {
            Duration value = config.duration("rollup", DEFAULT_ROLLUP, MIN_ROLLUP, MAX_ROLLUP);
            if (value.toMillis() % 1000 != 0) {
                throw config.invalid("rollup", "expected a whole number of seconds, got " + PluginConfig.formatDuration(value));
            }
            return value;
        });
        Long maxMemory = problems.read(() -> maxMemory(config));
        problems.throwIfAny();
        return new MemoryStoreSettings(retention, maxSeries, detail, rollup, maxMemory);
    }

    private static long maxMemory(PluginConfig config) {
        Object value = config.asMap().get("max_memory");
        if (value == null) {
            return DEFAULT_MAX_MEMORY_BYTES;
        }
        long bytes = ByteSize.parse(value).orElseThrow(() -> config.invalid("max_memory",
                "expected a size such as 64MB, 512MB or 2GB (KB, MB, GB, TB count in 1024s, as -Xmx does), got "
                        + (value instanceof String ? "'" + value + "'" : String.valueOf(value))));
        if (bytes < MIN_MAX_MEMORY_BYTES || bytes > MAX_MAX_MEMORY_BYTES) {
            throw config.invalid("max_memory", "expected a size from " + ByteSize.format(MIN_MAX_MEMORY_BYTES) + " to "
                    + ByteSize.format(MAX_MAX_MEMORY_BYTES) + ", got " + value);
        }
        return bytes;
    }
}
