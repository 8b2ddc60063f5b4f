package dev.hawkeye.client;

import java.time.Duration;

/**
 * A started timing, from {@link HawkeyeClient#startTimer()}: {@link #stop} records the time since
 * then as a histogram in milliseconds. Immutable; stopping twice records twice.
 */
public final class TimerSample {
    private final HawkeyeClient client;
    private final long startNanos;

    TimerSample(HawkeyeClient client, long startNanos) {
        this.client = client;
        this.startNanos = startNanos;
    }

    /**
     * Records the time elapsed since the start, like {@link HawkeyeClient#time(String, Duration, String...)}.
     *
     * @return the elapsed time
     * @throws dev.hawkeye.api.metric.InvalidPointException when the key or the tags are invalid
     */
    public Duration stop(String key, String... tags) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        client.time(key, elapsed, tags);
        return elapsed;
    }
}
