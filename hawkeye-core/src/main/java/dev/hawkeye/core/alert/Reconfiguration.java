package dev.hawkeye.core.alert;

import java.util.List;

/**
 * What {@link AlertEngine#reconfigure} did, by monitor name. Immutable.
 *
 * @param added     new monitors, scheduled from now
 * @param changed   monitors whose rules changed: their alert state was kept
 * @param removed   monitors no longer evaluated
 * @param unchanged monitors that kept their state and their schedule
 */
public record Reconfiguration(List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {
    public Reconfiguration {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
    }

    /** {@code 1 added (x), 2 changed (y, z), 0 removed, 5 unchanged}. */
    @Override
    public String toString() {
        return describe(added, "added") + ", " + describe(changed, "changed") + ", " + describe(removed, "removed") + ", "
                + unchanged.size() + " unchanged";
    }

    private static String describe(List<String> names, String what) {
        return names.size() + " " + what + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
    }
}
