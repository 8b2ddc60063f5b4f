package dev.hawkeye.core.store;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.Stats;
import java.util.List;
import java.util.Map;

/**
 * The stored data of one series: its own buckets (the detail) and, once they are older than the
 * detail period, their rollups, each the merge of the buckets that start in it. Thread-safe: every
 * method is {@code synchronized} on the history, so reads of one series never wait for another.
 *
 * <p>The methods that change it keep the {@link AgeLedger} they are given up to date and return
 * how much {@link #estimatedBytes()} changed; the store's write lock guards the ledger.
 */
final class SeriesHistory {
    /** What a window read found: the series' type in the window and the merged stats. */
    record Window(MetricType type, Stats stats) {
    }

    /** This object, the series' entry in the store's map (node and table slot) and in its index. */
    private static final int OBJECT_BYTES = 32 + 40 + SeriesIndex.ENTRY_BYTES;

    private final Series series;
    private final long keyBytes;
    private final BucketColumns detail = new BucketColumns();
    /** {@code null} until the first rollup. */
    private BucketColumns rollups;

    SeriesHistory(Series series) {
        this.series = series;
        this.keyBytes = keyBytes(series);
    }

    Series series() {
        return series;
    }

    /**
     * Merges flushed stats (with their sketch) into the bucket that starts at {@code start}; when
     * the bucket held is of another type, the later of the two is kept (see {@link BucketColumns#merge})
     * and the other counted in {@code drops}.
     */
    synchronized long mergeBucket(long start, MetricType type, Stats stats, AgeLedger ledger, TypeChangeDrops drops) {
        long before = estimatedBytes();
        BucketColumns.Merge merge = detail.merge(start, type, stats);
        ledger.add(start, merge.bytes());
        drops.add(merge, series, start);
        return estimatedBytes() - before;
    }

    /**
     * Merges flushed stats (with their sketch) into the rollup that starts at {@code rollupStart}; when
     * the rollup is of another type, the later of the two is kept (see {@link BucketColumns#merge})
     * and the other counted in {@code drops}.
     */
    synchronized long mergeRollup(long rollupStart, MetricType type, Stats stats, AgeLedger ledger, TypeChangeDrops drops) {
        long before = estimatedBytes();
        BucketColumns.Merge merge = rollups().merge(rollupStart, type, stats);
        ledger.add(rollupStart, merge.bytes());
        drops.add(merge, series, rollupStart);
        return estimatedBytes() - before;
    }

    /**
     * Merges the buckets that start before {@code cutoff} into the rollups they start in (of width
     * {@code rollupMillis}) and removes them. Within one rollup, the buckets of a type other than
     * the latest one's are left out, as a window read leaves them out, and counted in {@code drops}.
     */
    synchronized long rollUpBefore(long cutoff, long rollupMillis, AgeLedger ledger, TypeChangeDrops drops) {
        int n = detail.lowerBound(cutoff);
        if (n == 0) {
            return 0;
        }
        long before = estimatedBytes();
        int i = 0;
        while (i < n) {
            long rollupStart = floor(detail.start(i), rollupMillis);
            int end = i + 1;
            while (end < n && floor(detail.start(end), rollupMillis) == rollupStart) {
                end++;
            }
            MetricType type = detail.type(end - 1);
            Stats merged = Stats.EMPTY;
            // One builder per rollup: merging sketches pairwise would copy the growing bins at every bucket.
            QuantileSketch.Builder sketch = QuantileSketch.builder();
            int leftOut = 0;
            MetricType leftOutType = null;
            for (; i < end; i++) {
                ledger.add(detail.start(i), -detail.bytesOf(i));
                if (detail.type(i) == type) {
                    merged = merged.merge(detail.statsWithoutSketch(i));
                    sketch.merge(detail.sketch(i));
                } else {
                    leftOut++;
                    leftOutType = detail.type(i);
                }
            }
            drops.add(leftOut, series, rollupStart, leftOutType, type);
            BucketColumns.Merge merge = rollups().merge(rollupStart, type, merged.withSketch(sketch.build()));
            ledger.add(rollupStart, merge.bytes());
            drops.add(merge, series, rollupStart);
        }
        detail.removeFirst(n);
        return estimatedBytes() - before;
    }

    /**
     * Removes the buckets and rollups that start before {@code cutoff}. The ledger is not told:
     * the store removes the same seconds from it for all series at once.
     *
     * @return how many buckets and rollups were removed, and the change of the estimated bytes
     */
    synchronized Removal removeBefore(long cutoff) {
        long before = estimatedBytes();
        int fromDetail = detail.lowerBound(cutoff);
        detail.removeFirst(fromDetail);
        int fromRollups = 0;
        if (rollups != null) {
            fromRollups = rollups.lowerBound(cutoff);
            rollups.removeFirst(fromRollups);
        }
        return new Removal(fromDetail + fromRollups, estimatedBytes() - before);
    }

    /** What {@link #removeBefore} removed. */
    record Removal(int buckets, long bytes) {
    }

    /**
     * Merges what starts in {@code [fromMillis, toMillis)}: a bucket that starts at or after
     * {@code detailCutoff} (a whole rollup) when it starts in the window; before the cutoff, a
     * rollup, and any bucket not rolled up yet, when its rollup overlaps the window. So a window
     * that reaches before the cutoff covers every rollup it touches whole (as the Redis store reads
     * the rollup of every bucket in the window), never less than the window, and what a read
     * returns does not depend on when buckets are rolled up (unless the series' type flipped back
     * and forth within a minute: a rollup keeps one type). Nothing before {@code reachMillis} (the
     * retention, or what eviction left) is read: no bucket that starts before it is, and no rollup
     * that starts before {@code rollupReachMillis} (at most {@code reachMillis}: the retention, or
     * the start of the rollup eviction cut into, which holds only what eviction left of it). When the
     * series changed type inside the window, only the data of its latest type counts.
     *
     * @return the merged window, or {@code null} when nothing starts in it
     */
    synchronized Window read(long fromMillis, long toMillis, long reachMillis, long rollupReachMillis, long detailCutoff,
                             long rollupMillis) {
        if (Math.max(fromMillis, rollupReachMillis) >= toMillis) {
            return null;
        }
        // First the type of the latest data in the window, then the merge of the data of that type.
        long latestStart = Long.MIN_VALUE;
        MetricType type = null;
        // A rollup overlaps the window when it starts at or after the rollup the window starts in.
        long firstRollup = Math.max(floor(fromMillis, rollupMillis), rollupReachMillis);
        long firstBucket = Math.max(fromMillis, reachMillis);
        int rollupFrom = rollups == null ? 0 : rollups.lowerBound(firstRollup);
        int rollupTo = rollups == null ? 0 : rollups.lowerBound(toMillis);
        if (rollupTo > rollupFrom) {
            latestStart = rollups.start(rollupTo - 1);
            type = rollups.type(rollupTo - 1);
        }
        int detailFrom = detail.lowerBound(Math.min(firstBucket, firstRollup));
        int detailTo = detailFrom;
        for (int i = detailFrom; i < detail.size() && detail.start(i) < toMillis + rollupMillis; i++) {
            if (inWindow(detail.start(i), firstBucket, firstRollup, toMillis, detailCutoff, rollupMillis)) {
                detailTo = i + 1;
                if (detail.start(i) >= latestStart) {
                    latestStart = detail.start(i);
                    type = detail.type(i);
                }
            }
        }
        if (type == null) {
            return null;
        }
        StatsSum merged = new StatsSum();
        QuantileSketch.Builder sketch = QuantileSketch.builder();
        for (int i = rollupFrom; i < rollupTo; i++) {
            if (rollups.type(i) == type) {
                rollups.addTo(i, merged);
                sketch.merge(rollups.sketch(i));
            }
        }
        for (int i = detailFrom; i < detailTo; i++) {
            if (detail.type(i) == type && inWindow(detail.start(i), firstBucket, firstRollup, toMillis, detailCutoff, rollupMillis)) {
                detail.addTo(i, merged);
                sketch.merge(detail.sketch(i));
            }
        }
        return new Window(type, merged.toStats(sketch.build()));
    }

    /**
     * The sum of the latest bucket that starts in {@code [fromMillis, toMillis)} and at or after
     * {@code reachMillis}, or of the latest such rollup when no bucket does: a counter's increments
     * in it. NaN when none does.
     */
    synchronized double latestSum(long fromMillis, long toMillis, long reachMillis) {
        long first = Math.max(fromMillis, reachMillis);
        for (BucketColumns columns : rollups == null ? List.of(detail) : List.of(detail, rollups)) {
            int latest = columns.lowerBound(toMillis) - 1;
            if (latest >= 0 && columns.start(latest) >= first) {
                return columns.statsWithoutSketch(latest).sum();
            }
        }
        return Double.NaN;
    }

    /** How many buckets and rollups are held. */
    synchronized int size() {
        return detail.size() + (rollups == null ? 0 : rollups.size());
    }

    /** How many rollups are held. */
    synchronized int rollupCount() {
        return rollups == null ? 0 : rollups.size();
    }

    synchronized boolean isEmpty() {
        return detail.isEmpty() && (rollups == null || rollups.isEmpty());
    }

    /** The estimated heap bytes of this series: its key, its map entry, this object and its data. */
    synchronized long estimatedBytes() {
        return OBJECT_BYTES + keyBytes + detail.estimatedBytes() + (rollups == null ? 0 : rollups.estimatedBytes());
    }

    private BucketColumns rollups() {
        if (rollups == null) {
            rollups = new BucketColumns();
        }
        return rollups;
    }

    /**
     * Whether a bucket not rolled up yet counts: after the detail cutoff by its own start, before
     * it by its rollup's, as if it were rolled up already.
     */
    private static boolean inWindow(long start, long firstBucket, long firstRollup, long toMillis, long detailCutoff,
                                    long rollupMillis) {
        long counted = start >= detailCutoff ? start : floor(start, rollupMillis);
        return counted >= (start >= detailCutoff ? firstBucket : firstRollup) && counted < toMillis;
    }

    static long floor(long millis, long unitMillis) {
        return millis - Math.floorMod(millis, unitMillis);
    }

    /**
     * The estimated bytes of a series key (which the store keeps once the aggregator forgot it): the
     * record, its strings (one byte a character, as Latin-1) and its tag map.
     */
    private static long keyBytes(Series series) {
        long bytes = 24 + stringBytes(series.key());
        if (!series.tags().isEmpty()) {
            bytes += 16 + 48;
            for (Map.Entry<String, String> tag : series.tags().entrySet()) {
                bytes += 40 + stringBytes(tag.getKey()) + stringBytes(tag.getValue());
            }
        }
        return bytes;
    }

    private static long stringBytes(String text) {
        return 24 + ((16 + text.length() + 7) & ~7L);
    }
}
