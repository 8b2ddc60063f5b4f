package dev.hawkeye.testing;

import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedRange;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.transport.MonitorDefinition;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A query service with nothing to answer, for a transport started where only its points matter. */
public final class NoQueries implements QueryService {
    public static final NoQueries INSTANCE = new NoQueries();

    private NoQueries() {
    }

    @Override
    public GroupedValues query(SeriesSelector selector, List<String> by, Aggregate aggregate, Duration window) {
        return GroupedValues.NONE;
    }

    @Override
    public GroupedRange queryRange(SeriesSelector selector, List<String> by, Aggregate aggregate, Instant from, Instant to,
                                   Duration step, Duration window) {
        return new GroupedRange(Map.of(), 0);
    }

    @Override
    public List<SeriesInfo> series(SeriesSelector selector, Duration window, int limit) {
        return List.of();
    }

    @Override
    public List<MonitorDefinition> monitors() {
        return List.of();
    }

    @Override
    public List<HistoryEvent> history(String monitor) {
        return List.of();
    }

    @Override
    public StatusReport status() {
        return new StatusReport(List.of(), Map.of());
    }
}
