package dev.hawkeye.core.alert;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.core.config.MonitorSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link AlertEngine} emits when an evaluation changed a monitor's state or calls for
 * notifications: the monitor, the group of the instance (empty when the monitor is not grouped;
 * the instance's name is its state's), the evaluation's outcome and when it was made. Addressing it to
 * routes is {@link Routing}'s job. Immutable.
 *
 * @param previous the state before the evaluation
 */
record StateChange(MonitorSpec spec, Map<String, String> group, AlertState previous, Evaluation evaluation, Instant at) {
    StateChange {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(previous, "previous");
        group = Map.copyOf(group);
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(at, "at");
    }
}
