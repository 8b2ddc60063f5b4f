package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.Series;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which series a grouped read merges, and into which group: the series that share the values of
 * every group tag form a group (a series without one of them belongs to none), and at most
 * {@code maxGroups} groups are read, the first ones in the order of their values (tag by tag, in
 * the order of the tags' names), so that the same series always give the same groups. Immutable.
 *
 * @param groups        the groups read, each its tags and values (sorted by tag name)
 * @param series        the series read
 * @param groupOf       for each of {@code series}, the index of its group in {@code groups}
 * @param groupsLeftOut how many groups were not read for the limit
 */
record GroupPlan(List<Map<String, String>> groups, List<Series> series, List<Integer> groupOf, int groupsLeftOut) {
    private static final Comparator<Map<String, String>> BY_VALUES = (a, b) -> {
        // both hold the same tags, sorted by name
        var left = a.values().iterator();
        var right = b.values().iterator();
        while (left.hasNext()) {
            int order = left.next().compareTo(right.next());
            if (order != 0) {
                return order;
            }
        }
        return 0;
    };

    static GroupPlan of(List<Series> candidates, List<String> groupBy, int maxGroups) {
        Map<Map<String, String>, List<Series>> byGroup = new HashMap<>();
        for (Series series : candidates) {
            Map<String, String> group = groupOf(series, groupBy);
            if (group != null) {
                byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(series);
            }
        }
        List<Map<String, String>> all = new ArrayList<>(byGroup.keySet());
        all.sort(BY_VALUES);
        List<Map<String, String>> kept = List.copyOf(all.subList(0, Math.min(all.size(), Math.max(0, maxGroups))));
        List<Series> series = new ArrayList<>();
        List<Integer> groupOf = new ArrayList<>();
        for (int g = 0; g < kept.size(); g++) {
            for (Series one : byGroup.get(kept.get(g))) {
                series.add(one);
                groupOf.add(g);
            }
        }
        return new GroupPlan(kept, List.copyOf(series), List.copyOf(groupOf), all.size() - kept.size());
    }

    /** The group of {@code series}: its values of the group tags; null when it lacks one. */
    private static Map<String, String> groupOf(Series series, List<String> groupBy) {
        Map<String, String> group = new TreeMap<>();
        for (String tag : groupBy) {
            String value = series.tags().get(tag);
            if (value == null) {
                return null;
            }
            group.put(tag, value);
        }
        return Collections.unmodifiableMap(group);
    }
}
