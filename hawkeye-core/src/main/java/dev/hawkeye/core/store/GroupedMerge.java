package dev.hawkeye.core.store;

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
import java.util.TreeMap;

/**
 * The windows of many series merged per group, as {@link dev.hawkeye.api.store.MetricData#readGrouped}
 * defines it: per group and type the stats add up, and a group's value is that of the type of its
 * latest point. Not thread-safe: one read's.
 */
final class GroupedMerge {
    private final List<String> groupBy;
    private final Map<Map<String, String>, EnumMap<MetricType, Stats>> groups = new HashMap<>();
    private int series;

    GroupedMerge(List<String> groupBy) {
        this.groupBy = groupBy;
    }

    /** The group of a series with {@code tags}; null when it lacks a group tag. */
    Map<String, String> groupOf(Map<String, String> tags) {
        if (groupBy.isEmpty()) {
            return Map.of();
        }
        Map<String, String> group = new TreeMap<>();
        for (String tag : groupBy) {
            String value = tags.get(tag);
            if (value == null) {
                return null;
            }
            group.put(tag, value);
        }
        return group;
    }

    void add(Map<String, String> group, MetricType type, Stats stats) {
        series++;
        groups.computeIfAbsent(group, g -> new EnumMap<>(MetricType.class)).merge(type, stats, Stats::merge);
    }

    GroupedValues values(Aggregate aggregate, Duration window, int groupsLeftOut) {
        Map<Map<String, String>, OptionalDouble> values = new HashMap<>();
        groups.forEach((group, byType) -> {
            Map.Entry<MetricType, Stats> latest = null;
            for (Map.Entry<MetricType, Stats> entry : byType.entrySet()) {
                if (latest == null || entry.getValue().lastTimestampMillis() > latest.getValue().lastTimestampMillis()) {
                    latest = entry;
                }
            }
            values.put(group, aggregate.of(latest.getKey(), latest.getValue(), window));
        });
        return new GroupedValues(values, series, groupsLeftOut);
    }
}
