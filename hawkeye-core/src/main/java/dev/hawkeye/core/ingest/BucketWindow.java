package dev.hawkeye.core.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * The span of a window read, widened to whole buckets: {@code [from, to)} where {@code from} is the
 * start of the bucket holding {@code to - window}. Without the widening, the bucket that straddles
 * the window's start would be in no window at all (its start lies before this window, and it was
 * still filling when the previous window was read), so points recorded in that second would never
 * be compared. The price is that a window may count up to one bucket more than its length.
 */
public record BucketWindow(Instant from, Instant to) {

    /** The window of length {@code window} that ends at {@code to}, widened to buckets of {@code resolution}. */
    public static BucketWindow ending(Instant to, Duration window, Duration resolution) {
        long start = to.minus(window).toEpochMilli();
        long width = resolution.toMillis();
        return new BucketWindow(Instant.ofEpochMilli(Math.floorDiv(start, width) * width), to);
    }
}
