package dev.hawkeye.api.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a monitor watches and judges, as the config defines it, for a console to chart it. Immutable.
 *
 * @param name       the monitor
 * @param queries    what it reads, each by name
 * @param value      what it judges: a formula over the queries' names, or the one query's name
 * @param window     how far back each evaluation looks
 * @param groupBy    the tags whose values make one instance each; empty: one instance
 * @param thresholds its triggers, least severe first
 */
public record MonitorDefinition(String name, List<Query> queries, String value, Duration window, List<String> groupBy,
                                List<Threshold> thresholds) {
    public MonitorDefinition {
        queries = List.copyOf(queries);
        groupBy = List.copyOf(groupBy);
        thresholds = List.copyOf(thresholds);
    }

    /**
     * One query: the metric, the tag matchers as written (a tag's list holds any of its values;
     * {@code "!x"} negates, {@code "*"} is any value), and the aggregate's name.
     */
    public record Query(String name, String metric, Map<String, List<String>> tags, String aggregate) {
        public Query {
            tags = Map.copyOf(tags);
        }
    }

    /** A trigger: its level, the comparison ({@code >}, {@code >=}, {@code <}, {@code <=}, {@code ==}, {@code !=}) and the threshold. */
    public record Threshold(String level, String comparison, double threshold) {
    }
}
