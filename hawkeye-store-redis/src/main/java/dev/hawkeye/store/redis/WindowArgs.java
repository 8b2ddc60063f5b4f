package dev.hawkeye.store.redis;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.QuantileSketch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The window of a read and the first {@value #HEADER} arguments every read script takes for it
 * (series-window.lua): the window, the reader's clock, what the aggregate needs, and the key layout
 * and sketch settings the scripts find the data by. Immutable.
 */
final class WindowArgs {
    static final int HEADER = 15;

    private final RedisStoreSettings settings;
    private final Clock clock;

    WindowArgs(RedisStoreSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The window's length.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}, or the window is
     *                                  longer than the retention (older data is gone)
     */
    Duration check(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a window must not end before it starts: from " + from + " to " + to);
        }
        Duration window = Duration.between(from, to);
        if (window.compareTo(settings.retention()) > 0) {
            throw new IllegalArgumentException("a window of " + PluginConfig.formatDuration(window)
                    + " is longer than the redis store's retention of " + PluginConfig.formatDuration(settings.retention())
                    + "; older data is gone, so use a shorter window or raise store.retention");
        }
        return window;
    }

    /**
     * The arguments for reading {@code aggregate} over {@code [from, to)}: sketch bins only for a
     * percentile, and sums exact to the bit only where the aggregate may use them.
     */
    List<String> of(Instant from, Instant to, Aggregate aggregate) {
        boolean sums = !aggregate.isPercentile() && aggregate != Aggregate.MIN && aggregate != Aggregate.MAX
                && aggregate != Aggregate.LAST;
        return header(from, to, aggregate.isPercentile(), sums);
    }

    /** The arguments for finding the latest bucket in {@code [from, to)} (read-last.lua). */
    List<String> ofLast(Instant from, Instant to) {
        return header(from, to, false, false);
    }

    private List<String> header(Instant from, Instant to, boolean bins, boolean sums) {
        List<String> args = new ArrayList<>(HEADER);
        args.add(Long.toString(from.toEpochMilli()));
        args.add(Long.toString(to.toEpochMilli()));
        args.add(Long.toString(clock.millis()));
        args.add(bins ? "1" : "0");
        args.add(sums ? "1" : "0");
        args.add(Integer.toString(QuantileSketch.MAX_BINS));
        args.add(Long.toString(settings.sketchRollup().toMillis()));
        args.add(Long.toString(detailCutoffMillis()));
        args.add(Long.toString(KeyLayout.SLAB_WIDTH_MILLIS));
        args.add(KeyLayout.SLAB_INDEX_SUFFIX);
        args.add(KeyLayout.SLAB_INFIX);
        args.add(KeyLayout.SKETCH_INFIX);
        args.add(KeyLayout.ROLLUP_INFIX);
        args.add(KeyLayout.SKETCH_SUFFIX);
        args.add(KeyLayout.SLAB_SUMMARY_FIELD);
        return args;
    }

    /**
     * The start from which a window read takes the buckets' own sketches: {@code sketch_detail} ago,
     * rounded up to a whole rollup so that a rollup is used either for all of its buckets or for
     * none (none counted twice).
     */
    private long detailCutoffMillis() {
        if (!settings.rollsUpSketches()) {
            return Long.MIN_VALUE;
        }
        if (settings.sketchDetail().isZero()) {
            return Long.MAX_VALUE;
        }
        long rollup = settings.sketchRollup().toMillis();
        long since = clock.millis() - settings.sketchDetail().toMillis();
        long floor = since - Math.floorMod(since, rollup);
        return floor == since ? since : floor + rollup;
    }
}
