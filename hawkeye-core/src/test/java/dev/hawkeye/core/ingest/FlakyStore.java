package dev.hawkeye.core.ingest;

import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;

/**
 * A real store in front of which the test can pull the plug: while down, every write throws
 * {@link StoreException}. It records the id of every write attempt, so tests can see order and
 * retries. With {@code failAfterApplying} the write reaches the store but the answer is "lost". While
 * {@linkplain #hang() hung}, a write waits before it reaches the store, as one to a paused Redis
 * does until its timeout.
 */
final class FlakyStore implements MetricStore {
    private final MetricStore delegate;
    private final List<FlushBatch> attempts = new ArrayList<>();
    private volatile boolean down;
    private volatile boolean failAfterApplying;
    private volatile Error error;
    private volatile CountDownLatch hung;

    FlakyStore(MetricStore delegate) {
        this.delegate = delegate;
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
        failAfterApplying = false;
        error = null;
        CountDownLatch released = hung;
        hung = null;
        if (released != null) {
            released.countDown();
        }
    }

    /** Every write from now waits until {@link #up()}, then goes on as if nothing happened. */
    void hang() {
        hung = new CountDownLatch(1);
    }

    void loseAnswers() {
        failAfterApplying = true;
    }

    /** Every write throws {@code error}, as a JVM out of heap would. */
    void fail(Error error) {
        this.error = error;
    }

    /** The ids of every write attempt, in order. */
    synchronized List<String> attempts() {
        return attempts.stream().map(FlushBatch::id).toList();
    }

    /** The batches of every write attempt, in order. */
    synchronized List<FlushBatch> attemptedBatches() {
        return List.copyOf(attempts);
    }

    @Override
    public void write(FlushBatch batch) {
        synchronized (this) {
            attempts.add(batch);
        }
        CountDownLatch gate = hung;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while hung");
            }
        }
        if (error != null) {
            throw error;
        }
        if (down) {
            throw new StoreException("connection refused");
        }
        delegate.write(batch);
        if (failAfterApplying) {
            throw new StoreException("read timed out");
        }
    }

    @Override
    public OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to) {
        return delegate.read(series, aggregate, from, to);
    }

    @Override
    public GroupedValues readGrouped(SeriesSelector selector, List<String> by, Aggregate aggregate, Instant from, Instant to, int max) {
        return delegate.readGrouped(selector, by, aggregate, from, to, max);
    }

    @Override
    public Optional<AlertStore> alerts() {
        return delegate.alerts();
    }

    @Override
    public String describe() {
        return "flaky";
    }
}
