package dev.hawkeye.core.notify;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code limit} sends in any {@code window}: a sliding window over the times of the last
 * sends, read from a {@link Ticker} (at most {@code limit} of them are kept;
 * {@link Integer#MAX_VALUE} means no limit and keeps none). Used by one lane thread only; not
 * thread-safe.
 */
final class RateLimit {
    private final int limit;
    private final Duration window;
    private final long windowNanos;
    private final Deque<Long> sends = new ArrayDeque<>();

    RateLimit(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
        this.windowNanos = window.toNanos();
    }

    /** Takes a place for a send at {@code nowNanos}; false (and nothing taken) when the window is full. */
    boolean tryAcquire(long nowNanos) {
        if (limit == Integer.MAX_VALUE) {
            return true;
        }
        if (!isFree(nowNanos)) {
            return false;
        }
        sends.addLast(nowNanos);
        return true;
    }

    /** Whether a send at {@code nowNanos} would be within the limit. */
    boolean isFree(long nowNanos) {
        while (!sends.isEmpty() && nowNanos - sends.peekFirst() >= windowNanos) {
            sends.removeFirst();
        }
        return sends.size() < limit;
    }

    /** E.g. {@code 30 per 1m}. */
    @Override
    public String toString() {
        return limit + " per " + PluginConfig.formatDuration(window);
    }
}
