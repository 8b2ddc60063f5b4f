package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.transport.MetricSink;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sink that keeps every point, refusing those whose key starts with {@code refused.} as core
 * would, failing on those whose key starts with {@code failing.} as a bug would, throwing an
 * {@link StackOverflowError} on those whose key starts with {@code fatal.} as a runaway bug
 * would, and holding the thread that records one whose key starts with {@code hold.} until
 * {@link #release}.
 */
final class RecordingSink implements MetricSink {
    private final Queue<Point> points = new ConcurrentLinkedQueue<>();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public void record(Point point) {
        String key = point.series().key();
        if (key.startsWith("refused.")) {
            throw new InvalidPointException("type", "series " + point.series() + " is already a gauge");
        }
        if (key.startsWith("failing.")) {
            throw new IllegalStateException("the sink failed on " + point.series() + " (test)");
        }
        if (key.startsWith("fatal.")) {
            throw new StackOverflowError("a bug recursed without end (test)");
        }
        if (key.startsWith("hold.")) {
            holding.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        points.add(point);
    }

    /** Waits until a thread is held recording a {@code hold.} point. */
    boolean awaitHolding(Duration timeout) throws InterruptedException {
        return holding.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        released.countDown();
    }

    List<Point> points() {
        return List.copyOf(points);
    }
}
