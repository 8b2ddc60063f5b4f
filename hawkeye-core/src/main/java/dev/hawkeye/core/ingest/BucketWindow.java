package dev.hawkeye.core.ingest;

import dev.hawkeye.core.config.IngestSettings;
import java.time.Duration;
import java.time.Instant;

/**
 * The span of a window read, widened to whole buckets: {@code [from, to)} where {@code from} is the
 * start of the bucket holding {@code to - window}. Without the widening, the bucket that straddles
 * the window's start would be in no window at all (its start lies before this window, and it was
 * still filling when the previous window was read), so points recorded in that second would never
 * be compared. The price is that a window may count up to one bucket more than its length.
 *
 * <p>Ad-hoc reads ({@link #ending}) end now. Alert evaluations ({@link #settled}) end where the data
 * has settled: a point reaches the store only after the client's buffer and the server's flush
 * have passed it on, so the last seconds before now are still incomplete. Reading them would judge
 * part of a burst, and with {@code window == evaluate_every} the rest would then fall before the
 * next window's start, in no window at all.
 */
public record BucketWindow(Instant from, Instant to) {
    /** How long a client may hold a point before sending it (its buffer is sent at least once a second). */
    public static final Duration CLIENT_ALLOWANCE = Duration.ofSeconds(1);

    /** The window of length {@code window} that ends at {@code to}, widened to buckets of {@code resolution}. */
    public static BucketWindow ending(Instant to, Duration window, Duration resolution) {
        return new BucketWindow(floorToBucket(to.minus(window), resolution), to);
    }

    /**
     * How long after its timestamp a point is surely in the store: the server's flush interval,
     * one bucket, and {@link #CLIENT_ALLOWANCE} for the client's buffer. With the default ingest
     * settings 3 s: alerts are judged about that much later than the data happened.
     */
    public static Duration settleDelay(IngestSettings ingest) {
        return ingest.flushInterval().plus(ingest.resolution()).plus(CLIENT_ALLOWANCE);
    }

    /**
     * The window an evaluation at {@code now} judges: it ends at {@code floorToBucket(now - settle)}
     * and is {@code window} long (widened to whole buckets as {@link #ending} does). When the
     * previous evaluation's window ended before this one's start by less than one {@code window}
     * (an evaluation that ran late, or a window shorter than the period), this one starts where the
     * previous one ended instead, so that no bucket lies between two consecutive evaluations; it is
     * then longer than {@code window}. A larger gap (the first evaluation after a long stop) is not
     * bridged.
     *
     * @param previousTo where the previous evaluation's window ended, or {@code null} for the first
     */
    public static BucketWindow settled(Instant now, Duration window, Duration resolution, Duration settle, Instant previousTo) {
        BucketWindow span = ending(floorToBucket(now.minus(settle), resolution), window, resolution);
        if (previousTo != null && previousTo.isBefore(span.from())
                && Duration.between(previousTo, span.from()).compareTo(window) < 0) {
            return new BucketWindow(previousTo, span.to());
        }
        return span;
    }

    /** The start of the bucket of width {@code resolution} that holds {@code instant}. */
    public static Instant floorToBucket(Instant instant, Duration resolution) {
        long width = resolution.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), width) * width);
    }
}
