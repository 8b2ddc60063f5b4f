package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.Series;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The series whose entry in the index of series this store already wrote, per slab, so that a write
 * carries a series' entry with its first bucket of each slab rather than with every bucket (an
 * argument per bucket cost the write script some 18% more time). Only the latest
 * {@value #SLABS_KEPT} slabs are remembered: an entry sent again (an older slab, another process,
 * a restart) only costs its argument. Thread-safe.
 */
final class IndexedSlabs {
    static final int SLABS_KEPT = 3;

    private final ConcurrentSkipListMap<Long, Set<Series>> bySlab = new ConcurrentSkipListMap<>();

    /** Whether the entry of {@code series} was written with a bucket of the slab starting at {@code slabStart}. */
    boolean contains(Series series, long slabStart) {
        Set<Series> written = bySlab.get(slabStart);
        return written != null && written.contains(series);
    }

    /** Remembers entries written (after the write succeeded: a failed one sends them again). */
    void addAll(Collection<Map.Entry<Series, Long>> entries) {
        for (Map.Entry<Series, Long> entry : entries) {
            bySlab.computeIfAbsent(entry.getValue(), slab -> ConcurrentHashMap.newKeySet()).add(entry.getKey());
        }
        while (bySlab.size() > SLABS_KEPT) {
            bySlab.pollFirstEntry();
        }
    }
}
