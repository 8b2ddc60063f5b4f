package dev.hawkeye.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The server's answer to a grouped query: one aggregate per group of series that share the values
 * of the group tags, sorted by those values. Immutable.
 *
 * @param groups        the groups that had a point in the window (without group tags: the one
 *                      group {@code {}}, also without data)
 * @param groupsLeftOut groups that had data but were left out because a query answers at most
 *                      {@link dev.hawkeye.api.transport.QueryService#MAX_GROUPS}
 */
public record QueryGroups(List<Group> groups, int groupsLeftOut) {
    public QueryGroups {
        groups = List.copyOf(groups);
    }

    /**
     * One group.
     *
     * @param tags  the values of the group tags, in the order they were asked for
     * @param value the aggregate of the group's merged series; empty when it has none (a
     *              percentile of a counter, say)
     */
    public record Group(Map<String, String> tags, OptionalDouble value) {
        public Group {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }
}
