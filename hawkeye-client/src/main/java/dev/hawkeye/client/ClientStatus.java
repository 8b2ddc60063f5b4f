package dev.hawkeye.client;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's answer to {@code status}: every monitor and the server's counters of what was
 * dropped or failed ({@code points.rejected}, {@code notifications.failed}, ...), sorted by name.
 * Immutable.
 */
public record ClientStatus(List<MonitorState> monitors, Map<String, Long> counters) {
    public ClientStatus {
        monitors = List.copyOf(monitors);
        counters = Collections.unmodifiableMap(new TreeMap<>(counters));
    }
}
