package dev.hawkeye.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.core.Ticker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    /** Ticker readings may be anywhere, negative or about to overflow: only differences count. */
    private static final long T0 = Long.MAX_VALUE - 30 * SECOND;

    @Test
    void theRateLimitIsASlidingWindowOfElapsedTime() {
        RateLimit limit = new RateLimit(2, Duration.ofMinutes(1));

        assertThat(limit.tryAcquire(T0)).isTrue();
        assertThat(limit.tryAcquire(T0 + 30 * SECOND)).isTrue();
        assertThat(limit.tryAcquire(T0 + 59 * SECOND)).isFalse();
        assertThat(limit.tryAcquire(T0 + 60 * SECOND)).as("the first left the window").isTrue();
        assertThat(limit.tryAcquire(T0 + 61 * SECOND)).isFalse();
        assertThat(limit.tryAcquire(T0 + 90 * SECOND)).isTrue();
    }
}
