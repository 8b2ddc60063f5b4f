package dev.hawkeye.client;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validated series by key and tag pairs, so that recording a point of a series seen before
 * allocates nothing: the tags given as alternating name/value strings are compared with a cached
 * series' tags in place. Each series comes in an {@link Entry}, where client-side aggregation keeps
 * the series' cell so that it needs no second lookup. Thread-safe. Bounded: at most
 * {@link #MAX_KEYS} keys with {@link #MAX_SERIES_PER_KEY} tag combinations each; beyond that a
 * series is built (and validated) on every call, which is correct, only slower.
 */
final class SeriesCache {
    static final int MAX_KEYS = 4096;
    static final int MAX_SERIES_PER_KEY = 16;

    private final ConcurrentHashMap<String, Entry[]> byKey = new ConcurrentHashMap<>();

    /** A series, and its aggregation cell once one is known. */
    static final class Entry {
        final Series series;
        /** Set by recording threads; any of them may set it, all to the same cell of the series. */
        volatile AggregateCell cell;

        Entry(Series series) {
            this.series = series;
        }
    }

    /**
     * The series of {@code key} with {@code tags} (name, value, name, value, ...).
     *
     * @throws InvalidPointException naming the field when the key or a tag breaks the rules
     */
    Series of(String key, String[] tags) {
        return entry(key, tags).series;
    }

    /**
     * The entry of {@code key} with {@code tags}: the cached one, or (beyond the bounds) a new one.
     *
     * @throws InvalidPointException naming the field when the key or a tag breaks the rules
     */
    Entry entry(String key, String[] tags) {
        if (tags == null) {
            tags = new String[0];
        }
        if (key == null) {
            throw new InvalidPointException("key", "key is required and must not be empty");
        }
        Entry[] candidates = byKey.get(key);
        if (candidates != null) {
            for (Entry candidate : candidates) {
                if (hasTags(candidate.series, tags)) {
                    return candidate;
                }
            }
        }
        return remember(Series.of(key, pairs(tags)));
    }

    private Entry remember(Series series) {
        if (byKey.size() >= MAX_KEYS && !byKey.containsKey(series.key())) {
            return new Entry(series);
        }
        // Copy on write: readers iterate an array that is never modified once published.
        Entry[] known = byKey.compute(series.key(), (key, entries) -> {
            if (entries == null) {
                return new Entry[] {new Entry(series)};
            }
            for (Entry other : entries) {
                if (other.series.equals(series)) {
                    return entries;
                }
            }
            if (entries.length >= MAX_SERIES_PER_KEY) {
                return entries;
            }
            Entry[] more = Arrays.copyOf(entries, entries.length + 1);
            more[entries.length] = new Entry(series);
            return more;
        });
        for (Entry entry : known) {
            if (entry.series.equals(series)) {
                return entry;
            }
        }
        return new Entry(series);
    }

    /** True when the pairs are exactly the series' tags, in any order, each name once. */
    private static boolean hasTags(Series series, String[] tags) {
        Map<String, String> expected = series.tags();
        if (tags.length % 2 != 0 || tags.length / 2 != expected.size()) {
            return false;
        }
        for (int i = 0; i < tags.length; i += 2) {
            String name = tags[i];
            if (name == null || tags[i + 1] == null || !tags[i + 1].equals(expected.get(name))) {
                return false;
            }
            // A name given twice could otherwise match a series that has some other tag instead.
            for (int j = 0; j < i; j += 2) {
                if (name.equals(tags[j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The tags as a map.
     *
     * @throws InvalidPointException for an odd number of strings, a missing name or a name given twice
     */
    static Map<String, String> pairs(String[] tags) {
        if (tags.length % 2 != 0) {
            throw new InvalidPointException("tags", "tags must be name/value pairs; got " + tags.length + " strings");
        }
        Map<String, String> map = new HashMap<>(tags.length);
        for (int i = 0; i < tags.length; i += 2) {
            if (tags[i] == null) {
                throw new InvalidPointException("tags", "tag name at position " + i + " is null");
            }
            if (map.containsKey(tags[i])) {
                throw new InvalidPointException("tags." + tags[i], "tag '" + tags[i] + "' is given twice");
            }
            map.put(tags[i], tags[i + 1]);
        }
        return map;
    }
}
