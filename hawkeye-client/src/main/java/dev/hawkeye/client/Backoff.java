package dev.hawkeye.client;

import java.time.Duration;

/** Exponential backoff between reconnection attempts: initial, doubled each time, capped. Not thread-safe. */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = initialNanos;
    }

    /** The pause before the next attempt. */
    long next() {
        long pause = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        return pause;
    }

    /** After a success: the next failure waits the initial pause again. */
    void reset() {
        nextNanos = initialNanos;
    }

    Duration max() {
        return Duration.ofNanos(maxNanos);
    }
}
