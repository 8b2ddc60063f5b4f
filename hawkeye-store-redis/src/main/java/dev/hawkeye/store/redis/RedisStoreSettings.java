package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblemCollector;
import dev.hawkeye.api.config.PluginConfig;
import java.time.Duration;
import java.util.List;

/**
 * The validated {@code store:} section of a redis store. Immutable; {@link #toString()} holds no
 * password.
 *
 * @param url        where Redis is ({@code url}, required)
 * @param poolSize   the most connections open at once ({@code pool_size}, default 8)
 * @param timeout    the connect, command and pool-wait timeout ({@code timeout}, default 2s)
 * @param keyPrefix  the start of every key ({@code key_prefix}, default {@code hawkeye:})
 * @param retention  how long data is kept, the TTL of every key ({@code retention}, default 24h)
 * @param sketchDetail how long a histogram bucket's own quantile sketch is kept ({@code sketch_detail},
 *                   default 1h); older buckets' percentiles come from the rollup sketches. At or
 *                   beyond the retention there are no rollups and every bucket keeps its own sketch.
 * @param sketchRollup the width of a rollup sketch, which merges the sketches of every bucket that
 *                   starts in it ({@code sketch_rollup}, default 1m)
 * @param writeChunk the most buckets one write script applies ({@code write_chunk}, default
 *                   {@value #DEFAULT_WRITE_CHUNK}): a larger flush batch is written in chunks, so that
 *                   no script keeps Redis from answering others for long (see {@link BatchChunks})
 */
record RedisStoreSettings(RedisUrl url, int poolSize, Duration timeout, String keyPrefix, Duration retention,
                          Duration sketchDetail, Duration sketchRollup, int writeChunk) {
    static final List<String> KEYS = List.of("url", "pool_size", "timeout", "key_prefix", "retention", "sketch_detail",
            "sketch_rollup", "write_chunk");
    static final int DEFAULT_POOL_SIZE = 8;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final String DEFAULT_KEY_PREFIX = "hawkeye:";
    static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    static final Duration DEFAULT_SKETCH_DETAIL = Duration.ofHours(1);
    static final Duration DEFAULT_SKETCH_ROLLUP = Duration.ofMinutes(1);
    static final int DEFAULT_WRITE_CHUNK = 1_000;
    static final int MAX_WRITE_CHUNK = 1_000_000;
    private static final Duration MAX_SKETCH_ROLLUP = Duration.ofDays(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MIN_RETENTION = Duration.ofSeconds(1);
    private static final Duration MAX_RETENTION = Duration.ofDays(3660);

    /**
     * Reads and checks the whole section.
     *
     * @throws ConfigException with every problem found (unknown keys first, on their own), none
     *                         of which shows the password
     */
    static RedisStoreSettings from(PluginConfig config) {
        config.rejectUnknownKeys(KEYS);
        ConfigProblemCollector problems = new ConfigProblemCollector();
        RedisUrl url = problems.read(() -> {
            String text = config.requireString("url").trim();
            try {
                return RedisUrl.parse(text);
            } catch (IllegalArgumentException e) {
                throw config.invalid("url", e.getMessage());
            }
        });
        Integer poolSize = problems.read(() -> config.integer("pool_size", DEFAULT_POOL_SIZE, 1, 1024));
        Duration timeout = problems.read(() -> config.duration("timeout", DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT));
        String keyPrefix = problems.read(() -> {
            String value = config.string("key_prefix", DEFAULT_KEY_PREFIX);
            if (value.isEmpty() || value.chars().anyMatch(c -> c == '{' || c == '}' || c <= ' ' || c == 0x7f)) {
                throw config.invalid("key_prefix", "expected a non-empty prefix without '{', '}', spaces or control characters"
                        + " (braces would break the per-series hash tag), got '" + value + "'");
            }
            return value;
        });
        Duration retention = problems.read(() -> config.duration("retention", DEFAULT_RETENTION, MIN_RETENTION, MAX_RETENTION));
        Duration sketchDetail = problems.read(() -> config.duration("sketch_detail", DEFAULT_SKETCH_DETAIL, Duration.ZERO, MAX_RETENTION));
        Duration sketchRollup = problems.read(() -> config.duration("sketch_rollup", DEFAULT_SKETCH_ROLLUP, MIN_RETENTION, MAX_SKETCH_ROLLUP));
        Integer writeChunk = problems.read(() -> config.integer("write_chunk", DEFAULT_WRITE_CHUNK, 1, MAX_WRITE_CHUNK));
        problems.throwIfAny();
        return new RedisStoreSettings(url, poolSize, timeout, keyPrefix, retention, sketchDetail, sketchRollup, writeChunk);
    }

    /** Whether histogram sketches are rolled up: when buckets keep their own for less than the retention. */
    boolean rollsUpSketches() {
        return sketchDetail.compareTo(retention) < 0;
    }
}
