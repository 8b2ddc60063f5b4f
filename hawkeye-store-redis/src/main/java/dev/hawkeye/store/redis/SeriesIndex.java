package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the series a selector selects in the indexes the write script keeps
 * ({@link KeyLayout#seriesIndexKey}, {@link KeyLayout#metricsKey}): those whose latest slab starts no
 * earlier than the slab a window starts in, since an older series has no bucket in the window.
 * The tags are matched here, not in Redis. Thread-safe.
 */
final class SeriesIndex {
    private final RedisCommands redis;
    private final KeyLayout keys;

    SeriesIndex(RedisCommands redis, KeyLayout keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * The series {@code selector} selects that were written in or after the slab {@code fromMillis}
     * falls in, by key and then as their index orders them. One round trip for a selector with a key
     * (none for one that names {@linkplain SeriesSelector#exactSeries one series}: that series is
     * taken as it is), two for every key.
     */
    List<Series> find(SeriesSelector selector, long fromMillis) {
        if (selector.exactSeries().isPresent()) {
            return List.of(selector.exactSeries().get());
        }
        String since = Long.toString(KeyLayout.slabStart(fromMillis));
        List<String> metricKeys = selector.key() != null ? List.of(selector.key())
                : redis.run("read of the index of metrics", r -> r.zrangeByScore(keys.metricsKey(), since, "+inf"));
        List<List<String>> entries = redis.pipelined("read of the index of series of " + selector, metricKeys.size(),
                (pipeline, i) -> pipeline.zrangeByScore(keys.seriesIndexKey(metricKeys.get(i)), since, "+inf"));
        List<Series> found = new ArrayList<>();
        for (int i = 0; i < metricKeys.size(); i++) {
            for (String entry : entries.get(i)) {
                Series series = decode(metricKeys.get(i), entry);
                if (selector.tagsMatch(series.tags())) {
                    found.add(series);
                }
            }
        }
        return found;
    }

    private Series decode(String metricKey, String entry) {
        try {
            return new Series(metricKey, SeriesTags.decode(entry));
        } catch (IllegalArgumentException e) {
            throw new StoreException("redis index of series " + keys.seriesIndexKey(metricKey) + " at " + redis.url()
                    + " holds an unreadable entry '" + entry + "': " + e.getMessage(), e);
        }
    }
}
