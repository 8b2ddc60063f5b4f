package dev.hawkeye.client;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between the recording threads and the sender. A point stays in it until the
 * server has answered for it, so a batch whose send fails is simply sent again from the head: no
 * re-queuing, the order is kept, and the bound is exact.
 *
 * <p>Concurrency: any number of producers, exactly one consumer (the sender). One lock guards
 * {@code head}, {@code size} and the totals; producers write a slot at the tail under it. The
 * consumer learns under the lock how many slots are filled and then reads those slots without the
 * lock: the unlock by the producer and the lock by the consumer order the slot writes before the
 * reads, and no producer writes a slot again until the consumer has given it back with
 * {@link #release}. Points are kept in parallel arrays so that recording allocates no object.
 */
final class PointBuffer {
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a batch is worth sending at once, or when the buffer stops. */
    private final Condition sendable = lock.newCondition();
    /** Signalled when points are released (answered for or discarded). */
    private final Condition released = lock.newCondition();

    private final int capacity;
    private final int batchThreshold;
    private final Series[] series;
    private final MetricType[] types;
    private final double[] values;
    private final long[] timestamps;

    private int head;
    private int size;
    /** Points ever added; {@code releasedTotal + size == appendedTotal} always holds. */
    private long appendedTotal;
    private long releasedTotal;
    /** While {@code releasedTotal < flushTarget} the sender sends without waiting for a full batch. */
    private long flushTarget;
    private boolean stopped;

    PointBuffer(int capacity, int batchThreshold) {
        this.capacity = capacity;
        this.batchThreshold = Math.min(capacity, batchThreshold);
        this.series = new Series[capacity];
        this.types = new MetricType[capacity];
        this.values = new double[capacity];
        this.timestamps = new long[capacity];
    }

    /** Adds a point at the tail; false when the buffer is full or stopped. Never waits for space. */
    boolean offer(Series pointSeries, MetricType type, double value, long timestampMillis) {
        lock.lock();
        try {
            if (size == capacity || stopped) {
                return false;
            }
            int slot = index(size);
            series[slot] = pointSeries;
            types[slot] = type;
            values[slot] = value;
            timestamps[slot] = timestampMillis;
            size++;
            appendedTotal++;
            if (size == batchThreshold) {
                sendable.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by the sender: waits until a full batch is buffered, a flush is wanted, or
     * {@code maxWaitNanos} have passed.
     *
     * @return how many points at the head the sender may read (at most {@code max}, possibly 0),
     *         or -1 once the buffer is stopped
     */
    int awaitBatch(int max, long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = maxWaitNanos;
            while (!stopped && size < batchThreshold && !(size > 0 && releasedTotal < flushTarget) && remaining > 0) {
                remaining = sendable.awaitNanos(remaining);
            }
            return stopped ? -1 : Math.min(size, max);
        } finally {
            lock.unlock();
        }
    }

    /** Called by the sender: how many points at the head it may read now (at most {@code max}), or -1 once stopped. */
    int available(int max) {
        lock.lock();
        try {
            return stopped ? -1 : Math.min(size, max);
        } finally {
            lock.unlock();
        }
    }

    /** Called by the sender between attempts: sleeps up to {@code nanos}; true when the buffer was stopped meanwhile. */
    boolean awaitStopped(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = nanos;
            while (!stopped && remaining > 0) {
                remaining = sendable.awaitNanos(remaining);
            }
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    // The four accessors below are read by the sender only, for i < the count it was given.

    Series series(int i) {
        return series[index(i)];
    }

    MetricType type(int i) {
        return types[index(i)];
    }

    double value(int i) {
        return values[index(i)];
    }

    long timestamp(int i) {
        return timestamps[index(i)];
    }

    /** Called by the sender once the server has answered for the first {@code n} points. */
    void release(int n) {
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                series[index(i)] = null;
            }
            head = index(n);
            size -= n;
            releasedTotal += n;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the sender to send everything added so far and waits until it is answered for.
     *
     * @return true when it was, false when the timeout passed first
     */
    boolean flush(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long target = appendedTotal;
            if (releasedTotal >= target) {
                return true;
            }
            flushTarget = Math.max(flushTarget, target);
            sendable.signal();
            long remaining = timeoutNanos;
            while (releasedTotal < target && remaining > 0) {
                remaining = released.awaitNanos(remaining);
            }
            return releasedTotal >= target;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new points and wakes the sender so that it exits. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            sendable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the buffer; only once the sender has exited. Returns how many points were discarded. */
    int discardAll() {
        lock.lock();
        try {
            int discarded = size;
            release(discarded);
            return discarded;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    private int index(int offset) {
        int slot = head + offset;
        return slot >= capacity ? slot - capacity : slot;
    }
}
