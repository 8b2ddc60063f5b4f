package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.Series;

/**
 * The names of the keys the store uses, all under one prefix (default {@code hawkeye:}):
 * <ul>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:b:&lt;bucketStartMillis&gt;</code>: a hash with the
 *       fields {@code type}, {@code count}, {@code sum}, {@code min}, {@code max}, {@code last},
 *       {@code lastTs} of one series in one bucket;</li>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:b:&lt;bucketStartMillis&gt;:q</code>: a hash with the
 *       quantile sketch of a histogram's bucket (fields in {@link SketchCodec});</li>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:r:&lt;rollupStartMillis&gt;:q</code>: the same for a rollup,
 *       the merged sketches of the histogram's buckets that start in it;</li>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:idx</code>: a sorted set of the series' bucket starts
 *       (member and score are the start in milliseconds);</li>
 *   <li>{@code <prefix>batch:<batch-id>}: the marker of a batch, a hash with the field
 *       {@code <chunk-index>} for each chunk of it already applied;</li>
 *   <li>{@code <prefix>alerts}: a hash of alert states by monitor name;</li>
 *   <li>{@code <prefix>lease:<name>}: the owner of a lease, expiring with it ({@code lease:agent}:
 *       the agent that evaluates the monitors).</li>
 * </ul>
 * The series id ({@link SeriesId}) is a hash tag, so all keys of one series live in one Redis
 * Cluster slot. Immutable.
 */
final class KeyLayout {
    /** What follows a bucket's key in the key of its sketch. */
    static final String SKETCH_SUFFIX = ":q";

    private final String prefix;

    KeyLayout(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** The keys of a series' buckets without the bucket start: append the start to get one. */
    String bucketKeyPrefix(Series series) {
        return prefix + '{' + SeriesId.of(series) + "}:b:";
    }

    String bucketKey(Series series, long bucketStartMillis) {
        return bucketKeyPrefix(series) + bucketStartMillis;
    }

    /** The quantile sketch of a histogram's bucket: its bucket's key plus {@link #SKETCH_SUFFIX}. */
    String sketchKey(Series series, long bucketStartMillis) {
        return bucketKey(series, bucketStartMillis) + SKETCH_SUFFIX;
    }

    /** The keys of a series' rollup sketches without the rollup start: append the start and {@link #SKETCH_SUFFIX}. */
    String rollupKeyPrefix(Series series) {
        return prefix + '{' + SeriesId.of(series) + "}:r:";
    }

    /** The rollup sketch that starts at {@code rollupStartMillis}. */
    String rollupSketchKey(Series series, long rollupStartMillis) {
        return rollupKeyPrefix(series) + rollupStartMillis + SKETCH_SUFFIX;
    }

    String indexKey(Series series) {
        return prefix + '{' + SeriesId.of(series) + "}:idx";
    }

    String batchMarkerKey(String batchId) {
        return prefix + "batch:" + batchId;
    }

    String alertsKey() {
        return prefix + "alerts";
    }

    String leaseKey(String name) {
        return prefix + "lease:" + name;
    }
}
