package dev.hawkeye.client;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one counter or gauge series has recorded since the sender last took it: the sum of the
 * counts, or the last value. Lock-free: recording is one compare-and-set on the value's bits, and
 * {@link #take} swaps them out atomically, so no recording is lost or taken twice. Two bit patterns
 * that no finite value has (both NaNs) mean "nothing recorded since" and "closed": once closed,
 * recording fails and the caller counts the point as dropped. Thread-safe.
 */
final class AggregateCell {
    /** Nothing recorded since the last take. */
    static final long EMPTY = 0x7ff8_0000_0000_0001L;
    /** The client is closed: nothing more is taken, so nothing more may be recorded. */
    static final long CLOSED = 0x7ff8_0000_0000_0002L;

    final Series series;
    final MetricType type;
    private final AtomicLong bits = new AtomicLong(EMPTY);

    AggregateCell(Series series, MetricType type) {
        this.series = series;
        this.type = type;
    }

    /**
     * Adds {@code value} to a counter, or makes it a gauge's last value.
     *
     * @return false when the cell is closed (the point is dropped)
     */
    boolean record(double value) {
        while (true) {
            long old = bits.get();
            if (old == CLOSED) {
                return false;
            }
            double updated = type == MetricType.COUNTER && old != EMPTY ? Double.longBitsToDouble(old) + value : value;
            if (bits.compareAndSet(old, Double.doubleToRawLongBits(updated))) {
                return true;
            }
        }
    }

    /** The aggregate recorded since the last take, which starts afresh; NaN when there is none. */
    double take() {
        long old = bits.get();
        while (old != EMPTY && old != CLOSED) {
            if (bits.compareAndSet(old, EMPTY)) {
                return Double.longBitsToDouble(old);
            }
            old = bits.get();
        }
        return Double.NaN;
    }

    /**
     * Gives back what {@link #take} returned when it could not be sent: a counter adds it again, a
     * gauge keeps it unless a newer value came meanwhile.
     *
     * @return false when the cell was closed meanwhile (the aggregate is dropped)
     */
    boolean giveBack(double value) {
        if (type == MetricType.COUNTER) {
            return record(value);
        }
        long raw = Double.doubleToRawLongBits(value);
        while (true) {
            long old = bits.get();
            if (old == CLOSED) {
                return false;
            }
            if (old != EMPTY || bits.compareAndSet(EMPTY, raw)) {
                return true;
            }
        }
    }

    /** Whether something was recorded since the last take. */
    boolean isPending() {
        long current = bits.get();
        return current != EMPTY && current != CLOSED;
    }

    /** Closes the cell; true when it still held an aggregate, which is then lost. */
    boolean close() {
        long old = bits.getAndSet(CLOSED);
        return old != EMPTY && old != CLOSED;
    }
}
