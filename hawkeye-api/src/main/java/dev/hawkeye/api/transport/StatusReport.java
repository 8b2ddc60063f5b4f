package dev.hawkeye.api.transport;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to {@code status}: every monitor, the counters that say what was dropped or failed
 * ({@code points.rejected}, {@code batches.dropped}, {@code notifications.failed}, ...), so that
 * nothing is lost silently, and whether the store answers.
 */
public record StatusReport(List<MonitorStatus> monitors, Map<String, Long> counters, StoreHealth store) {
    public StatusReport {
        monitors = List.copyOf(monitors);
        counters = Map.copyOf(counters);
        Objects.requireNonNull(store, "store");
    }

    /** A report whose store is {@link StoreHealth#AVAILABLE}. */
    public StatusReport(List<MonitorStatus> monitors, Map<String, Long> counters) {
        this(monitors, counters, StoreHealth.AVAILABLE);
    }
}
