package dev.hawkeye.core;

import dev.hawkeye.core.alert.Reconfiguration;
import java.util.List;

/**
 * What {@link Hawkeye#reload} changed. Immutable.
 *
 * @param monitors          the monitors added, changed, removed and kept (empty when the agent part
 *                          does not run)
 * @param notifiersReplaced notifiers created anew because their section is new or changed
 * @param notifiersRemoved  notifiers closed because the new config no longer names them
 */
public record ReloadSummary(Reconfiguration monitors, List<String> notifiersReplaced, List<String> notifiersRemoved) {
    static final ReloadSummary NOTHING = new ReloadSummary(new Reconfiguration(List.of(), List.of(), List.of(), List.of()),
            List.of(), List.of());

    public ReloadSummary {
        notifiersReplaced = List.copyOf(notifiersReplaced);
        notifiersRemoved = List.copyOf(notifiersRemoved);
    }

    /** {@code monitors: 1 added (x), ...; notifiers replaced: mail; removed: none}. */
    @Override
    public String toString() {
        return "monitors: " + monitors + "; notifiers replaced: " + names(notifiersReplaced) + ", removed: " + names(notifiersRemoved);
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
