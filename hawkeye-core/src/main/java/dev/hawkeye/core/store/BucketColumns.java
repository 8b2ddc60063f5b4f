package dev.hawkeye.core.store;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.QuantileSketch;
import dev.hawkeye.api.metric.Stats;
import java.util.Arrays;

/**
 * Buckets of one series at one resolution (its own buckets, or its rollups), sorted by start, in
 * primitive arrays: per bucket three longs (start, count, last timestamp), four doubles (sum, min,
 * max, last) and a type byte, 57 bytes, plus a sketch reference once the series has been a
 * histogram. Not thread-safe: its {@link SeriesHistory} guards it.
 *
 * <p>The buckets occupy {@code [head, head + size)} of the arrays, so removing the oldest moves
 * nothing. The arrays' spare room (before and after the buckets) is kept within twice the
 * {@linkplain #allowance allowance} of the size: they grow by one allowance when full, and are
 * shrunk when a removal leaves more. So when the oldest buckets are removed to free memory, the
 * arrays are reallocated only when much was removed; the slots freed otherwise take the next
 * buckets, and {@link #estimatedBytes()}, which counts the most the arrays may hold for the size,
 * goes down at once.
 */
final class BucketColumns {
    /** The heap bytes of one bucket's slot in the arrays (the sketch reference, if any, not included). */
    static final int SLOT_BYTES = 3 * Long.BYTES + 4 * Double.BYTES + 1;
    /** This object's own bytes (header, four references, head, size, sketch bytes). */
    static final int OBJECT_BYTES = 48;
    private static final int ARRAY_HEADER_BYTES = 16;
    /** A reference, assuming compressed references (heaps below 32 GB). */
    private static final int REFERENCE_BYTES = 4;
    private static final int LONGS = 3;
    private static final int DOUBLES = 4;
    private static final MetricType[] TYPES = MetricType.values();

    private long[] longs = new long[0];
    private double[] doubles = new double[0];
    private byte[] types = new byte[0];
    /** {@code null} until a non-empty sketch is held. */
    private QuantileSketch[] sketches;
    private int head;
    private int size;
    private long sketchBytes;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long start(int i) {
        return longs[(head + i) * LONGS];
    }

    MetricType type(int i) {
        return TYPES[types[head + i]];
    }

    /** The bucket's stats without its sketch. */
    Stats statsWithoutSketch(int i) {
        int l = (head + i) * LONGS;
        int d = (head + i) * DOUBLES;
        return new Stats(longs[l + 1], doubles[d], doubles[d + 1], doubles[d + 2], doubles[d + 3], longs[l + 2]);
    }

    /** Merges the bucket's stats, without its sketch, into {@code sum}. */
    void addTo(int i, StatsSum sum) {
        int l = (head + i) * LONGS;
        int d = (head + i) * DOUBLES;
        sum.add(longs[l + 1], doubles[d], doubles[d + 1], doubles[d + 2], doubles[d + 3], longs[l + 2]);
    }

    /** The bucket's stats with its sketch. */
    Stats stats(int i) {
        return statsWithoutSketch(i).withSketch(sketch(i));
    }

    QuantileSketch sketch(int i) {
        QuantileSketch sketch = sketches == null ? null : sketches[head + i];
        return sketch == null ? QuantileSketch.EMPTY : sketch;
    }

    /** The index of the first bucket that starts at or after {@code start} ({@link #size()} when none does). */
    int lowerBound(long start) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (start(mid) < start) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * What a {@link #merge} did: how much the bucket grew in {@link #bytesOf} (a new bucket counts
     * whole), and when the bucket held and the stats written were of different types, the type of
     * the one dropped and of the one kept ({@code null} both otherwise).
     */
    record Merge(long bytes, MetricType dropped, MetricType kept) {
        boolean droppedAny() {
            return dropped != null;
        }
    }

    /**
     * Merges {@code stats} into the bucket that starts at {@code start}, adding it when there is none.
     * Stats of different types do not add up: of the bucket held and {@code stats}, the later is kept
     * and the other dropped. The later is the one whose last point is later, as {@link Stats#merge}
     * decides which last value is the latest: the later timestamp, on a tie the larger value; on a
     * tie of both, the stats written.
     */
    Merge merge(long start, MetricType type, Stats stats) {
        int i = size > 0 && start > start(size - 1) ? size : lowerBound(start);
        if (i < size && start(i) == start) {
            long before = bytesOf(i);
            MetricType held = type(i);
            if (held == type) {
                set(i, start, type, stats(i).merge(stats));
                return new Merge(bytesOf(i) - before, null, null);
            }
            if (!isLaterThan(stats, i)) {
                return new Merge(0, type, held);
            }
            set(i, start, type, stats);
            return new Merge(bytesOf(i) - before, held, type);
        }
        insertSlot(i);
        set(i, start, type, stats);
        return new Merge(bytesOf(i), null, null);
    }

    /** Whether the last point of {@code stats} is later than the last point of the bucket at {@code i} (see {@link #merge}). */
    private boolean isLaterThan(Stats stats, int i) {
        long heldTimestamp = longs[(head + i) * LONGS + 2];
        double heldLast = doubles[(head + i) * DOUBLES + 3];
        return stats.lastTimestampMillis() > heldTimestamp
                || (stats.lastTimestampMillis() == heldTimestamp && !(stats.last() < heldLast));
    }

    /** What the bucket at {@code i} costs: its slot and its sketch. */
    long bytesOf(int i) {
        return SLOT_BYTES + sketchBytes(sketch(i));
    }

    /** Removes the first {@code n} buckets; shrinks the arrays when that leaves more spare room than allowed. */
    void removeFirst(int n) {
        if (n <= 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            sketchBytes -= sketchBytes(sketch(i));
            if (sketches != null) {
                sketches[head + i] = null;
            }
        }
        head += n;
        size -= n;
        if (size == 0) {
            head = 0;
        }
        if (capacity() - size > 2 * allowance(size)) {
            resize(size == 0 ? 0 : size + allowance(size));
        }
    }

    /**
     * The most these columns may cost for their size: this object, the arrays' headers, and slots
     * for the buckets and twice the allowance of spare room, which the arrays never exceed; and the
     * sketches.
     */
    long estimatedBytes() {
        long bytes = OBJECT_BYTES + sketchBytes;
        if (capacity() == 0) {
            return bytes;
        }
        long slots = size + 2L * allowance(size);
        bytes += 3L * ARRAY_HEADER_BYTES + slots * SLOT_BYTES + 7;
        if (sketches != null) {
            bytes += ARRAY_HEADER_BYTES + slots * REFERENCE_BYTES + 7;
        }
        return bytes;
    }

    /**
     * The estimated heap bytes of a sketch: the object and, per side it uses, an index and a count
     * array (12 bytes a bin). The shared empty sketch costs nothing.
     */
    static long sketchBytes(QuantileSketch sketch) {
        if (sketch.isEmpty()) {
            return 0;
        }
        int bins = sketch.binCount();
        return 40 + (bins == 0 ? 0 : 24 + 2L * ARRAY_HEADER_BYTES + 12L * bins + 4);
    }

    /** How many slots the arrays grow by when full: an eighth of the size, at least 2. */
    private static int allowance(int size) {
        return Math.max(2, size / 8);
    }

    /** How many slots the arrays have (for tests of their spare room). */
    int capacity() {
        return types.length;
    }

    private void set(int i, long start, MetricType type, Stats stats) {
        QuantileSketch sketch = stats.sketch();
        int slot = head + i;
        int l = slot * LONGS;
        longs[l] = start;
        longs[l + 1] = stats.count();
        longs[l + 2] = stats.lastTimestampMillis();
        int d = slot * DOUBLES;
        doubles[d] = stats.sum();
        doubles[d + 1] = stats.min();
        doubles[d + 2] = stats.max();
        doubles[d + 3] = stats.last();
        types[slot] = (byte) type.ordinal();
        sketchBytes -= sketchBytes(sketch(i));
        if (!sketch.isEmpty() && sketches == null) {
            sketches = new QuantileSketch[capacity()];
        }
        if (sketches != null) {
            sketches[slot] = sketch.isEmpty() ? null : sketch;
        }
        sketchBytes += sketchBytes(sketch);
    }

    /** Opens an empty slot at {@code i}, shifting the later buckets up. */
    private void insertSlot(int i) {
        if (head + size == capacity()) {
            if (head > 0) {
                moveTo(0);
            } else {
                resize(size + allowance(size));
            }
        }
        int from = head + i;
        int after = size - i;
        System.arraycopy(longs, from * LONGS, longs, (from + 1) * LONGS, after * LONGS);
        System.arraycopy(doubles, from * DOUBLES, doubles, (from + 1) * DOUBLES, after * DOUBLES);
        System.arraycopy(types, from, types, from + 1, after);
        if (sketches != null) {
            System.arraycopy(sketches, from, sketches, from + 1, after);
            sketches[from] = null;
        }
        size++;
    }

    /** Moves the buckets to start at slot {@code to} of the same arrays. */
    private void moveTo(int to) {
        System.arraycopy(longs, head * LONGS, longs, to * LONGS, size * LONGS);
        System.arraycopy(doubles, head * DOUBLES, doubles, to * DOUBLES, size * DOUBLES);
        System.arraycopy(types, head, types, to, size);
        if (sketches != null) {
            System.arraycopy(sketches, head, sketches, to, size);
            Arrays.fill(sketches, to + size, head + size, null);
        }
        head = to;
    }

    /** New arrays of {@code capacity} slots holding the buckets from slot 0. */
    private void resize(int capacity) {
        longs = Arrays.copyOfRange(longs, head * LONGS, (head + capacity) * LONGS);
        doubles = Arrays.copyOfRange(doubles, head * DOUBLES, (head + capacity) * DOUBLES);
        types = Arrays.copyOfRange(types, head, head + capacity);
        if (sketches != null) {
            sketches = Arrays.copyOfRange(sketches, head, head + capacity);
        }
        head = 0;
    }
}
