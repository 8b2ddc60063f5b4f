package dev.hawkeye.core.store;

import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How many bytes the memory store's buckets and rollups cost, by the second they start in, over
 * all series: what tells the store how far back it must evict to free a given amount, the oldest
 * first. Not thread-safe: the store's write lock guards it.
 */
final class AgeLedger {
    /** What one second of the ledger costs itself: a tree entry, its boxed key and its counter. */
    static final int ENTRY_BYTES = 80;

    private final TreeMap<Long, long[]> bytesBySecond = new TreeMap<>();
    private long total;
    // Most additions of a flush are to the same second: remember its counter.
    private long cachedSecond = Long.MIN_VALUE;
    private long[] cached;

    /** Counts {@code bytes} more (or fewer, when negative) for data that starts at {@code startMillis}. */
    void add(long startMillis, long bytes) {
        if (bytes == 0) {
            return;
        }
        long second = Math.floorDiv(startMillis, 1000);
        long[] counter = second == cachedSecond ? cached : bytesBySecond.computeIfAbsent(second, s -> new long[1]);
        counter[0] += bytes;
        total += bytes;
        if (counter[0] == 0) {
            bytesBySecond.remove(second);
            cachedSecond = Long.MIN_VALUE;
            cached = null;
        } else {
            cachedSecond = second;
            cached = counter;
        }
    }

    /** The bytes counted over all seconds. */
    long total() {
        return total;
    }

    boolean isEmpty() {
        return bytesBySecond.isEmpty();
    }

    /** The start of the oldest second counted. */
    OptionalLong oldestMillis() {
        return bytesBySecond.isEmpty() ? OptionalLong.empty() : OptionalLong.of(bytesBySecond.firstKey() * 1000);
    }

    /**
     * The earliest whole second {@code h} (in milliseconds) such that what starts before it adds up
     * to at least {@code bytes}, or the end of the newest second when everything does not.
     */
    long horizonFreeing(long bytes) {
        long freed = 0;
        long second = Long.MIN_VALUE;
        for (Map.Entry<Long, long[]> entry : bytesBySecond.entrySet()) {
            second = entry.getKey();
            freed += entry.getValue()[0];
            if (freed >= bytes) {
                break;
            }
        }
        return second == Long.MIN_VALUE ? Long.MIN_VALUE : (second + 1) * 1000;
    }

    /** Forgets the whole seconds before {@code millis}, whose data was removed. */
    void removeBefore(long millis) {
        Iterator<Map.Entry<Long, long[]>> oldest = bytesBySecond.headMap(Math.floorDiv(millis, 1000), false).entrySet().iterator();
        while (oldest.hasNext()) {
            total -= oldest.next().getValue()[0];
            oldest.remove();
        }
        cachedSecond = Long.MIN_VALUE;
        cached = null;
    }

    /** What the ledger itself costs. */
    long estimatedBytes() {
        return (long) bytesBySecond.size() * ENTRY_BYTES;
    }
}
