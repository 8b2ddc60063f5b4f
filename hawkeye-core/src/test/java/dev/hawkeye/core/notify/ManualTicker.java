package dev.hawkeye.core.notify;

import dev.hawkeye.core.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Elapsed time that stands still until a test moves it. Thread-safe. */
final class ManualTicker implements Ticker {
    private final AtomicLong nanos;

    ManualTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override
    public long nanos() {
        return nanos.get();
    }
}
