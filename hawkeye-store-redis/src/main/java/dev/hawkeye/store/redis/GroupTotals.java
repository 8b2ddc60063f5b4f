package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Stats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The totals of a grouped read, merged from the records of its read-groups.lua calls: per group and
 * type the stats merge ({@link Stats#merge}, sketches included) and the series add up; a group's
 * value is that of the type of its latest point (the earlier type on a tie), its series of another
 * type left out. Not thread-safe: one read's.
 */
final class GroupTotals {
    private record Part(int series, Stats stats) {
        Part merge(Part other) {
            return new Part(series + other.series, stats.merge(other.stats));
        }
    }

    private final List<Map<String, String>> groups;
    private final Map<Integer, EnumMap<MetricType, Part>> parts = new HashMap<>();

    /** @param groups the groups of the read, by the numbers the script's records name them by */
    GroupTotals(List<Map<String, String>> groups) {
        this.groups = groups;
    }

    /**
     * Adds the records of one call: each its length, the group's number, the number of series, then
     * the totals ({@link WindowTotals#decode}).
     *
     * @throws IllegalArgumentException when the reply is not such records
     */
    void add(List<String> reply) {
        int at = 0;
        while (at < reply.size()) {
            int length = Integer.parseInt(reply.get(at));
            int end = at + 1 + length;
            if (length < 3 || end > reply.size()) {
                throw new IllegalArgumentException("a record of " + length + " words at position " + at + " of " + reply.size());
            }
            int group = Integer.parseInt(reply.get(at + 1));
            if (group < 0 || group >= groups.size()) {
                throw new IllegalArgumentException("a record of group " + group + " of " + groups.size());
            }
            int series = Integer.parseInt(reply.get(at + 2));
            WindowTotals totals = WindowTotals.decode(reply.subList(at + 3, end));
            parts.computeIfAbsent(group, g -> new EnumMap<>(MetricType.class))
                    .merge(totals.type(), new Part(series, totals.stats()), Part::merge);
            at = end;
        }
    }

    GroupedValues values(Aggregate aggregate, Duration window, int groupsLeftOut) {
        Map<Map<String, String>, OptionalDouble> values = new HashMap<>();
        int series = 0;
        for (Map.Entry<Integer, EnumMap<MetricType, Part>> group : parts.entrySet()) {
            Map.Entry<MetricType, Part> latest = null;
            for (Map.Entry<MetricType, Part> part : group.getValue().entrySet()) {
                if (latest == null || part.getValue().stats().lastTimestampMillis() > latest.getValue().stats().lastTimestampMillis()) {
                    latest = part;
                }
            }
            values.put(groups.get(group.getKey()), aggregate.of(latest.getKey(), latest.getValue().stats(), window));
            series += latest.getValue().series();
        }
        return new GroupedValues(values, series, groupsLeftOut);
    }
}
