package dev.hawkeye.core.store;

import dev.hawkeye.api.metric.Series;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory store's series by metric key, so that a grouped read visits the series of its key
 * only. Changed under the store's write lock, read by any thread (a read sees each series either
 * held or not).
 */
final class SeriesIndex {
    /** An entry's share of the heap: a node and a slot in the key's map. */
    static final int ENTRY_BYTES = 48;

    private final ConcurrentHashMap<String, Map<Series, SeriesHistory>> byKey = new ConcurrentHashMap<>();

    void add(SeriesHistory history) {
        byKey.computeIfAbsent(history.series().key(), key -> new ConcurrentHashMap<>()).put(history.series(), history);
    }

    void remove(SeriesHistory history) {
        byKey.computeIfPresent(history.series().key(), (key, held) -> {
            held.remove(history.series());
            return held.isEmpty() ? null : held;
        });
    }

    /** The series of {@code key}; of every key when it is null. */
    Collection<SeriesHistory> of(String key) {
        if (key == null) {
            return byKey.values().stream().flatMap(held -> held.values().stream()).toList();
        }
        Map<Series, SeriesHistory> held = byKey.get(key);
        return held == null ? List.of() : held.values();
    }
}
