package dev.hawkeye.api.transport;

import java.util.List;
import java.util.Map;

/**
 * The answer to {@code status}: every monitor, and the counters that say what was dropped or
 * failed ({@code points.rejected}, {@code batches.dropped}, {@code notifications.failed}, ...), so
 * that nothing is lost silently.
 */
public record StatusReport(List<MonitorStatus> monitors, Map<String, Long> counters) {
    public StatusReport {
        monitors = List.copyOf(monitors);
        counters = Map.copyOf(counters);
    }
}
