package dev.hawkeye.api.notify;

import dev.hawkeye.api.config.PluginConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message to people about one monitor. Immutable.
 *
 * @param id        unique per event: the same id means the same event (a notifier may use it to
 *                  drop a duplicate delivery, e.g. as a Message-ID)
 * @param kind      FIRING (the monitor is breached) or RESOLVED (it no longer is)
 * @param reason    why this notification goes out now
 * @param monitor   the monitor's name; for an instance of a grouped monitor
 *                  {@code MONITOR{tag=value,...}}, its group's tags in {@code tags}
 * @param level     the level of the trigger breached (for RESOLVED: the level it had)
 * @param value     the value that was compared (NaN when there was no data)
 * @param condition the rule in words, e.g. {@code count(api.errors) >= 100 over 1m}
 * @param window    the window the value was computed over
 * @param since     when the monitor started firing
 * @param at        when this notification was made
 * @param route     the {@code notify:} entry that routes it to this notifier, with its per-route
 *                  settings (e.g. {@code to:} for email, {@code channel:} for Slack)
 * @param tags      the group's tags of an instance of a grouped monitor (sorted by name), empty otherwise
 */
public record Notification(String id, Kind kind, Reason reason, String monitor, String level, double value,
                           String condition, Duration window, Instant since, Instant at, PluginConfig route,
                           Map<String, String> tags) {

    public Notification {
        tags = tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** A notification of a monitor that is not grouped (no tags). */
    public Notification(String id, Kind kind, Reason reason, String monitor, String level, double value,
                        String condition, Duration window, Instant since, Instant at, PluginConfig route) {
        this(id, kind, reason, monitor, level, value, condition, window, since, at, route, Map.of());
    }

    public enum Kind { FIRING, RESOLVED }

    public enum Reason { STARTED, ESCALATED, DEESCALATED, REPEATED, RESOLVED }

    /** The route's {@code to:} list (recipients), empty when there is none. */
    public List<String> recipients() {
        return route.stringList("to");
    }

    /** The value as people read it: no trailing {@code .0}, "no data" for NaN. */
    public String formattedValue() {
        if (Double.isNaN(value)) {
            return "no data";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", value);
    }
}
