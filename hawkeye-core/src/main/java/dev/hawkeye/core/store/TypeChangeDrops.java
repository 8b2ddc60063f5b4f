package dev.hawkeye.core.store;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.time.Instant;

/**
 * What one write of the memory store (its roll-up included) dropped because the series had later
 * data of another type, which it does not add up with: how many buckets and rollups, and the first
 * of them, to name in the log. Not thread-safe: the write that creates it uses it.
 */
final class TypeChangeDrops {
    private long count;
    private String example;

    /** Counts a merge that dropped the stats held or written, when it did. */
    void add(BucketColumns.Merge merge, Series series, long startMillis) {
        if (merge.droppedAny()) {
            add(1, series, startMillis, merge.dropped(), merge.kept());
        }
    }

    /** Counts {@code buckets} of {@code dropped} type left out for later data of {@code kept} type. */
    void add(long buckets, Series series, long startMillis, MetricType dropped, MetricType kept) {
        if (buckets <= 0) {
            return;
        }
        count += buckets;
        if (example == null) {
            example = series + " at " + Instant.ofEpochMilli(startMillis) + ": a " + dropped.wireName() + ", the later data a "
                    + kept.wireName();
        }
    }

    /** Adds what was counted to {@code tally}, which logs it (at most once a minute). */
    void reportTo(DropTally tally) {
        if (count > 0) {
            tally.add(count, example);
        }
    }
}
