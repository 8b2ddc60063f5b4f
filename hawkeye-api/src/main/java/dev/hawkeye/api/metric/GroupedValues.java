package dev.hawkeye.api.metric;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a grouped read found: the aggregate of each group's merged series. Immutable.
 *
 * @param values        by group, the group being the values of the group tags (sorted by tag
 *                      name; {@code {}} for an ungrouped read); only groups with a point in the
 *                      window appear, and at most the read's limit of them
 * @param series        how many series the groups merged
 * @param groupsLeftOut groups that had data but were left out for the limit
 */
public record GroupedValues(Map<Map<String, String>, OptionalDouble> values, int series, int groupsLeftOut) {
    public GroupedValues {
        values = Map.copyOf(values);
    }

    /** Nothing found. */
    public static final GroupedValues NONE = new GroupedValues(Map.of(), 0, 0);
}
