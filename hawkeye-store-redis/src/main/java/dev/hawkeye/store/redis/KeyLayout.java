package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.Series;

/**
 * The names of the keys the store uses, all under one prefix (default {@code hawkeye:}):
 * <ul>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:s:&lt;slabStartMillis&gt;</code>: a <em>slab</em>, a hash
 *       of the series' buckets that start in one {@link #SLAB_WIDTH_MILLIS} stretch, a field per
 *       bucket: its start, holding {@code type count sum min max last lastTs} separated by spaces
 *       (a key per bucket cost Redis three times the time and four times the memory), and, once a
 *       read merged all of them, the field {@value #SLAB_SUMMARY_FIELD}: their merged summary
 *       (series-window.lua);</li>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:slabs</code>: a sorted set of the series' slab starts
 *       (member and score are the start in milliseconds), so a read visits only slabs that exist;</li>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:b:&lt;bucketStartMillis&gt;:q</code>: a hash with the
 *       quantile sketch of a histogram's bucket (fields in {@link SketchCodec});</li>
 *   <li><code>&lt;prefix&gt;{&lt;series-id&gt;}:r:&lt;rollupStartMillis&gt;:q</code>: the same for a rollup,
 *       the merged sketches of the histogram's buckets that start in it;</li>
 *   <li>{@code <prefix>index:<metric-key>}: the metric's index of series, a sorted set of the
 *       {@linkplain SeriesTags tags} of its series scored by the start of the latest slab written
 *       (so that {@code series} and grouped reads find the series by tags without a scan), and
 *       {@code <prefix>metrics}: the metric keys scored the same way. Not a series' key, so not in a
 *       series' Redis Cluster slot: on a cluster the write script could not update them (see the
 *       README's Limits);</li>
 *   <li>{@code <prefix>batch:<batch-id>}: the marker of a batch, a hash with the field
 *       {@code <chunk-index>} for each chunk of it already applied;</li>
 *   <li>{@code <prefix>alerts}: a hash of alert states by monitor name;
 *       {@code <prefix>history:<monitor>}: the monitor's last events, a list, newest first;</li>
 *   <li>{@code <prefix>lease:<name>}: {@code <token> <owner>} of a lease, expiring with it
 *       ({@code lease:agent}: the agent that evaluates the monitors), and
 *       {@code <prefix>lease-token:<name>}: the counter its fencing tokens come from;</li>
 *   <li>{@code <prefix>outbox:order}, {@code <prefix>outbox:entries} and {@code <prefix>outbox:seq}:
 *       the notifications not yet delivered, their ids in order (a sorted set), their entries by id
 *       ({@code <via>\n<monitor>\n<payload>}) and the sequence that orders them.</li>
 * </ul>
 * The series id ({@link SeriesId}) is a hash tag, so all keys of one series live in one Redis
 * Cluster slot. Immutable.
 */
final class KeyLayout {
    /** What follows a bucket's start in the key of its sketch. */
    static final String SKETCH_SUFFIX = ":q";
    /** The width of a slab: a minute holds 60 buckets at a 1 s resolution. */
    static final long SLAB_WIDTH_MILLIS = 60_000;
    /** What ends the key of a series' slab index, after {@link #seriesPrefix}. */
    static final String SLAB_INDEX_SUFFIX = "slabs";
    /** What comes between {@link #seriesPrefix} and the start of a slab in the slab's key. */
    static final String SLAB_INFIX = "s:";
    /** What comes between {@link #seriesPrefix} and a bucket's start in the key of the bucket's sketch. */
    static final String SKETCH_INFIX = "b:";
    /** What comes between {@link #seriesPrefix} and a rollup's start in the key of its sketch. */
    static final String ROLLUP_INFIX = "r:";
    /** The field of a slab that holds the merged summary of its buckets, not a bucket's start. */
    static final String SLAB_SUMMARY_FIELD = "all";

    private final String prefix;

    KeyLayout(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** What every key of a series starts with: {@code <prefix>{<series-id>}:}. */
    String seriesPrefix(Series series) {
        return prefix + '{' + SeriesId.of(series) + "}:";
    }

    /** The start of the slab a bucket that starts at {@code bucketStartMillis} belongs to. */
    static long slabStart(long bucketStartMillis) {
        return bucketStartMillis - Math.floorMod(bucketStartMillis, SLAB_WIDTH_MILLIS);
    }

    /** The slab that holds the bucket starting at {@code bucketStartMillis}. */
    String slabKey(Series series, long bucketStartMillis) {
        return slabKey(seriesPrefix(series), bucketStartMillis);
    }

    static String slabKey(String seriesPrefix, long bucketStartMillis) {
        return seriesPrefix + SLAB_INFIX + slabStart(bucketStartMillis);
    }

    /** The index of a series' slabs. */
    String slabIndexKey(Series series) {
        return seriesPrefix(series) + SLAB_INDEX_SUFFIX;
    }

    /** The quantile sketch of a histogram's bucket. */
    String sketchKey(Series series, long bucketStartMillis) {
        return sketchKey(seriesPrefix(series), bucketStartMillis);
    }

    static String sketchKey(String seriesPrefix, long bucketStartMillis) {
        return seriesPrefix + SKETCH_INFIX + bucketStartMillis + SKETCH_SUFFIX;
    }

    /** The rollup sketch that starts at {@code rollupStartMillis}. */
    String rollupSketchKey(Series series, long rollupStartMillis) {
        return rollupSketchKey(seriesPrefix(series), rollupStartMillis);
    }

    static String rollupSketchKey(String seriesPrefix, long rollupStartMillis) {
        return seriesPrefix + ROLLUP_INFIX + rollupStartMillis + SKETCH_SUFFIX;
    }

    /** What every metric's index of series starts with. */
    String seriesIndexPrefix() {
        return prefix + "index:";
    }

    /** The index of the series of {@code metricKey}. */
    String seriesIndexKey(String metricKey) {
        return seriesIndexPrefix() + metricKey;
    }

    /** The metric keys that have an index of series. */
    String metricsKey() {
        return prefix + "metrics";
    }

    String batchMarkerKey(String batchId) {
        return prefix + "batch:" + batchId;
    }

    String alertsKey() {
        return prefix + "alerts";
    }

    /** The history of a monitor or instance: a list of {@link HistoryCodec} lines, newest first. */
    String historyKey(String monitor) {
        return prefix + "history:" + monitor;
    }

    String leaseKey(String name) {
        return prefix + "lease:" + name;
    }

    /** The counter a lease's fencing tokens come from: it only grows, and outlives the lease. */
    String leaseTokenKey(String name) {
        return prefix + "lease-token:" + name;
    }

    /** The outbox's ids in the order they were saved (a sorted set by {@link #outboxSequenceKey()}). */
    String outboxOrderKey() {
        return prefix + "outbox:order";
    }

    /** The outbox's entries by id (a hash). */
    String outboxEntriesKey() {
        return prefix + "outbox:entries";
    }

    String outboxSequenceKey() {
        return prefix + "outbox:seq";
    }
}
