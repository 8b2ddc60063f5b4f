package dev.hawkeye.client;

import dev.hawkeye.api.transport.StoreHealth;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The server's answer to {@code status}: every monitor, the server's counters of what was
 * dropped or failed ({@code points.rejected}, {@code notifications.failed}, ...) sorted by name,
 * and whether its store answers ({@link StoreHealth#AVAILABLE} from a server too old to say).
 * Immutable.
 */
public record ClientStatus(List<MonitorState> monitors, Map<String, Long> counters, StoreHealth store) {
    public ClientStatus {
        monitors = List.copyOf(monitors);
        counters = Collections.unmodifiableMap(new TreeMap<>(counters));
        Objects.requireNonNull(store, "store");
    }

    /** A status whose store is {@link StoreHealth#AVAILABLE}. */
    public ClientStatus(List<MonitorState> monitors, Map<String, Long> counters) {
        this(monitors, counters, StoreHealth.AVAILABLE);
    }
}
