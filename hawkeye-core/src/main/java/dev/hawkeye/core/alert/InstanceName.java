package dev.hawkeye.core.alert;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The name of an alert instance, under which its state is saved and which status, logs and
 * notifications show: the monitor's name, and for a group {@code MONITOR{tag=value,...}} with the
 * group's tags sorted by name, as a series is written. Nothing needs escaping: tag names and
 * values hold no {@code = , { }} ({@link dev.hawkeye.api.metric.Series} allows letters, digits and
 * {@code _ . : -}), so a name reads back as the group it was made of.
 */
final class InstanceName {
    private InstanceName() {
    }

    static String of(String monitor, Map<String, String> group) {
        if (group.isEmpty()) {
            return monitor;
        }
        StringBuilder out = new StringBuilder(monitor).append('{');
        new TreeMap<>(group).forEach((tag, value) -> out.append(tag).append('=').append(value).append(','));
        out.setCharAt(out.length() - 1, '}');
        return out.toString();
    }

    /**
     * The group of a saved instance of {@code monitor} grouped by {@code groupBy}, read back from
     * its name; empty when the name is not one of that monitor's instances.
     */
    static Optional<Map<String, String>> parse(String name, String monitor, List<String> groupBy) {
        List<String> tags = groupBy.stream().sorted().toList();
        if (tags.isEmpty() || !name.startsWith(monitor + "{") || !name.endsWith("}")) {
            return Optional.empty();
        }
        Map<String, String> group = new TreeMap<>();
        int at = monitor.length() + 1;
        for (int i = 0; i < tags.size(); i++) {
            String start = tags.get(i) + "=";
            if (!name.startsWith(start, at)) {
                return Optional.empty();
            }
            at += start.length();
            // A value ends where the next tag starts (values are not escaped; one holding ",next=" cannot be told apart).
            int end = i + 1 < tags.size() ? name.indexOf("," + tags.get(i + 1) + "=", at) : name.length() - 1;
            if (end < at + 1) {
                return Optional.empty();
            }
            group.put(tags.get(i), name.substring(at, end));
            at = end + 1;
        }
        return at == name.length() ? Optional.of(group) : Optional.empty();
    }
}
