package dev.hawkeye.core;

import dev.hawkeye.api.metric.TagMatcher;
import dev.hawkeye.api.transport.MonitorDefinition;
import dev.hawkeye.core.config.MonitorQuery;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.TriggerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The config's monitors as {@link MonitorDefinition}s, for the query service. */
final class MonitorDefinitions {
    private MonitorDefinitions() {
    }

    static List<MonitorDefinition> of(List<MonitorSpec> monitors) {
        List<MonitorDefinition> definitions = new ArrayList<>(monitors.size());
        for (MonitorSpec spec : monitors) {
            List<MonitorDefinition.Query> queries = new ArrayList<>();
            for (MonitorQuery query : spec.queries()) {
                Map<String, List<String>> tags = new LinkedHashMap<>();
                for (TagMatcher matcher : query.selector().matchers()) {
                    tags.put(matcher.tag(), matcher.negated() ? matcher.globs().stream().map(glob -> "!" + glob).toList()
                            : matcher.globs());
                }
                queries.add(new MonitorDefinition.Query(query.name(), query.selector().key(), tags, query.aggregate().wireName()));
            }
            List<MonitorDefinition.Threshold> thresholds = new ArrayList<>();
            for (TriggerSpec trigger : spec.triggers()) {
                thresholds.add(new MonitorDefinition.Threshold(trigger.level(), trigger.condition().comparison().symbol(),
                        trigger.condition().threshold()));
            }
            definitions.add(new MonitorDefinition(spec.name(), queries, spec.value().text(), spec.window(), spec.groupBy(),
                    thresholds));
        }
        return definitions;
    }
}
