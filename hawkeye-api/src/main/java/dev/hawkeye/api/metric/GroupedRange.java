package dev.hawkeye.api.metric;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a range read found: per group, the aggregate of its merged series at each step. Immutable.
 *
 * @param groups        by group (the values of the group tags, sorted by tag name; {@code {}} for
 *                      an ungrouped read), its steps in time order; a step without data is absent
 * @param groupsLeftOut the most groups any one step left out for the limit of groups
 */
public record GroupedRange(Map<Map<String, String>, List<Step>> groups, int groupsLeftOut) {
    public GroupedRange {
        Map<Map<String, String>, List<Step>> copy = new java.util.HashMap<>();
        groups.forEach((group, steps) -> copy.put(Map.copyOf(group), List.copyOf(steps)));
        groups = Map.copyOf(copy);
    }

    /** One step: the aggregate over the step that ends at {@code at}. */
    public record Step(Instant at, double value) {
    }
}
