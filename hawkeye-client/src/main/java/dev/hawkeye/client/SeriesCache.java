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
 * series' tags in place. Thread-safe. Bounded: at most {@link #MAX_KEYS} keys with
 * {@link #MAX_SERIES_PER_KEY} tag combinations each; beyond that a series is built (and
 * validated) on every call, which is correct, only slower.
 */
final class SeriesCache {
    static final int MAX_KEYS = 4096;
    static final int MAX_SERIES_PER_KEY = 16;

    private final ConcurrentHashMap<String, Series[]> byKey = new ConcurrentHashMap<>();

    /**
     * The series of {@code key} with {@code tags} (name, value, name, value, ...).
     *
     * @throws InvalidPointException naming the field when the key or a tag breaks the rules
     */
    Series of(String key, String[] tags) {
        if (tags == null) {
            tags = new String[0];
        }
        if (key == null) {
            throw new InvalidPointException("key", "key is required and must not be empty");
        }
        Series[] candidates = byKey.get(key);
        if (candidates != null) {
            for (Series candidate : candidates) {
                if (hasTags(candidate, tags)) {
                    return candidate;
                }
            }
        }
        Series series = Series.of(key, pairs(tags));
        remember(series);
        return series;
    }

    private void remember(Series series) {
        if (byKey.size() >= MAX_KEYS && !byKey.containsKey(series.key())) {
            return;
        }
        // Copy on write: readers iterate an array that is never modified once published.
        byKey.compute(series.key(), (key, known) -> {
            if (known == null) {
                return new Series[] {series};
            }
            if (known.length >= MAX_SERIES_PER_KEY) {
                return known;
            }
            for (Series other : known) {
                if (other.equals(series)) {
                    return known;
                }
            }
            Series[] more = Arrays.copyOf(known, known.length + 1);
            more[known.length] = series;
            return more;
        });
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
