package dev.hawkeye.api.store;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.FlushBatch;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.metric.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The metric data of a store: flushed aggregates in, window reads out. Every store has it.
 * Implementations must be safe to call from several threads at once; every method may throw
 * {@link StoreException} when the store cannot be reached, and none may block longer than its
 * configured timeout.
 */
public interface MetricData {

    /**
     * Applies a flushed batch: merges each bucket's stats into what the store holds for that series
     * and bucket ({@link dev.hawkeye.api.metric.Stats#merge}). Must apply a batch <em>exactly once</em>:
     * a second write of the same {@link FlushBatch#id()} (a retry after a lost answer) changes nothing.
     */
    void write(FlushBatch batch);

    /**
     * Reads one aggregate of a series over {@code [from, to)}, in one round trip whatever the
     * window's length. Buckets are included when they start inside the window.
     *
     * @return the value, or empty when the series has no point in the window and the aggregate
     *         has no value for nothing (see {@link Aggregate#of})
     */
    OptionalDouble read(Series series, Aggregate aggregate, Instant from, Instant to);

    /**
     * The series {@code selector} selects that have a point in {@code [from, to)}, with their last
     * point, at most {@code limit} of them (in no particular order). A store finds them by an index
     * of its own, not by a scan of its data.
     *
     * <p>The default answers for a selector of {@linkplain SeriesSelector#exactSeries one series}
     * only, by {@link #read}: a store without an index of series serves version 1 monitors and
     * exact queries, and refuses the rest with {@link UnsupportedOperationException}.
     */
    default List<SeriesInfo> series(SeriesSelector selector, Instant from, Instant to, int limit) {
        Series series = selector.exactSeries().orElseThrow(() -> new UnsupportedOperationException(
                "this store cannot find series by tag matchers (" + selector + "): it keeps no index of series"));
        OptionalDouble last = read(series, Aggregate.LAST, from, to);
        return last.isEmpty() || limit < 1 ? List.of()
                : List.of(new SeriesInfo(series, MetricType.GAUGE, to, last.getAsDouble()));
    }

    /**
     * Reads one aggregate over the merge of the series {@code selector} selects, per group: the
     * series that share the values of every {@code groupBy} tag form a group (a series without one
     * of them belongs to none), and a group's value is what one series holding all their points in
     * {@code [from, to)} would give (counts and sums add, min, max and last merge, percentiles come
     * from the merged sketches). A group's type is that of its latest data; its series of another
     * type are left out. Without {@code groupBy} every selected series is in the one group
     * {@code {}}. At most {@code maxGroups} groups are read (which ones is up to the store; the rest
     * is counted in {@link GroupedValues#groupsLeftOut()}), in as few round trips as the store can.
     *
     * <p>The default serves a selector of {@linkplain SeriesSelector#exactSeries one series} by
     * {@link #read} and refuses the rest, as {@link #series} does.
     */
    default GroupedValues readGrouped(SeriesSelector selector, List<String> groupBy, Aggregate aggregate, Instant from,
                                      Instant to, int maxGroups) {
        Series series = selector.exactSeries().orElseThrow(() -> new UnsupportedOperationException(
                "this store cannot read series by tag matchers (" + selector + "): it keeps no index of series"));
        Map<String, String> group = new java.util.TreeMap<>();
        for (String tag : groupBy) {
            String value = series.tags().get(tag);
            if (value == null) {
                return GroupedValues.NONE;
            }
            group.put(tag, value);
        }
        OptionalDouble value = read(series, aggregate, from, to);
        OptionalDouble nothing = aggregate.of(MetricType.COUNTER, Stats.EMPTY, Duration.between(from, to));
        if (maxGroups < 1 || value.equals(nothing) && read(series, Aggregate.COUNT, from, to).orElse(0) == 0) {
            return GroupedValues.NONE;
        }
        return new GroupedValues(Map.of(Map.copyOf(group), value), 1, 0);
    }
}
