package dev.hawkeye.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code limit} sends in any {@code window}: a sliding window over the times of the last
 * sends (at most {@code limit} of them are kept; {@link Integer#MAX_VALUE} means no limit and keeps
 * none). Used by one lane thread only; not thread-safe.
 */
final class RateLimit {
    private final int limit;
    private final Duration window;
    private final Deque<Instant> sends = new ArrayDeque<>();

    RateLimit(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Takes a place for a send at {@code now}; false (and nothing taken) when the window is full. */
    boolean tryAcquire(Instant now) {
        if (limit == Integer.MAX_VALUE) {
            return true;
        }
        if (!isFree(now)) {
            return false;
        }
        sends.addLast(now);
        return true;
    }

    /** Whether a send at {@code now} would be within the limit. */
    boolean isFree(Instant now) {
        Instant windowStart = now.minus(window);
        while (!sends.isEmpty() && !sends.peekFirst().isAfter(windowStart)) {
            sends.removeFirst();
        }
        return sends.size() < limit;
    }

    /** E.g. {@code 30 per 1m}. */
    @Override
    public String toString() {
        return limit + " per " + dev.hawkeye.api.config.PluginConfig.formatDuration(window);
    }
}
