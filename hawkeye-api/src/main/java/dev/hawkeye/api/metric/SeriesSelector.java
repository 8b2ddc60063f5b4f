package dev.hawkeye.api.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Which series a read or a listing covers: those of one metric key (or of every key) whose tags
 * pass every matcher. Immutable.
 *
 * @param key              the metric key; {@code null} for every metric (listings only)
 * @param matchers         every one must hold; none: every series of the key. Kept sorted by tag
 * @param otherTagsAllowed whether a series may carry tags no matcher names (as in Prometheus). A
 *                         selector that does not allow them, with exact matchers only, names one
 *                         series: {@link #exactly(Series)}, what a version 1 monitor watches
 */
public record SeriesSelector(String key, List<TagMatcher> matchers, boolean otherTagsAllowed) {
    public SeriesSelector {
        // Sorted by tag, so that two selectors written in another order are equal.
        matchers = matchers.stream().sorted(java.util.Comparator.comparing(TagMatcher::tag)).toList();
        if (key != null) {
            Series.of(key);  // validates the key
        }
    }

    /** The series of {@code key} whose tags pass every matcher, other tags allowed. */
    public static SeriesSelector matching(String key, List<TagMatcher> matchers) {
        return new SeriesSelector(key, matchers, true);
    }

    /** Exactly {@code series}: its key and its tags, no other tag. */
    public static SeriesSelector exactly(Series series) {
        List<TagMatcher> matchers = new ArrayList<>(series.tags().size());
        series.tags().forEach((tag, value) -> matchers.add(TagMatcher.equalTo(tag, value)));
        return new SeriesSelector(series.key(), matchers, false);
    }

    /** The one series this selector names, when it names exactly one (see {@link #exactly}). */
    public Optional<Series> exactSeries() {
        if (otherTagsAllowed || key == null) {
            return Optional.empty();
        }
        Map<String, String> tags = new java.util.TreeMap<>();
        for (TagMatcher matcher : matchers) {
            String value = matcher.exactValue();
            if (value == null || tags.put(matcher.tag(), value) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(new Series(key, tags));
    }

    /** Whether {@code series} is one of those selected. */
    public boolean matches(Series series) {
        return (key == null || key.equals(series.key())) && tagsMatch(series.tags());
    }

    /** Whether tags pass every matcher (and, when other tags are not allowed, name no other tag). */
    public boolean tagsMatch(Map<String, String> tags) {
        for (TagMatcher matcher : matchers) {
            if (!matcher.matches(tags)) {
                return false;
            }
        }
        if (!otherTagsAllowed) {
            for (String tag : tags.keySet()) {
                if (matchers.stream().noneMatch(matcher -> matcher.tag().equals(tag))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code key}, {@code key{host=web-*,stage!=canary}}, {@code *} for every key. */
    @Override
    public String toString() {
        String name = key == null ? "*" : key;
        if (matchers.isEmpty()) {
            return name;
        }
        StringJoiner out = new StringJoiner(",", name + "{", "}");
        matchers.forEach(matcher -> out.add(matcher.toString()));
        return out.toString();
    }
}
