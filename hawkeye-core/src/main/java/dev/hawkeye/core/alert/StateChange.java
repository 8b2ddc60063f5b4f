package dev.hawkeye.core.alert;

import dev.hawkeye.core.config.MonitorSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * What the {@link AlertEngine} emits when an evaluation changed a monitor's state or calls for
 * notifications: the monitor, the evaluation's outcome and when it was made. Addressing it to
 * routes is {@link Routing}'s job. Immutable.
 */
record StateChange(MonitorSpec spec, Evaluation evaluation, Instant at) {
    StateChange {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(at, "at");
    }
}
