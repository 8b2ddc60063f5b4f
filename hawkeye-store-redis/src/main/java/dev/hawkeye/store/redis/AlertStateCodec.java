package dev.hawkeye.store.redis;

import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Writes an {@link AlertState} as one line of text, the value of its monitor's field in the
 * alerts hash (the monitor's name is the field, so it is not repeated):
 * <pre>1|status|value|since|lastNotified|episode|notifications|level</pre>
 * {@code 1} is the format version; instants are ISO-8601 ({@link Instant#toString()}), an absent
 * {@code lastNotified} is empty; {@code value} is a Java double ({@code NaN} for no data); the level
 * comes last, as {@code =<level>} or empty when there is none, so it may hold any character
 * without escaping. Example: {@code 1|FIRING|97.5|2025-01-01T10:00:00Z||3|1|=critical}.
 */
final class AlertStateCodec {
    private static final String VERSION = "1";
    private static final int FIELDS = 8;

    private AlertStateCodec() {
    }

    static String encode(AlertState state) {
        return VERSION
                + '|' + state.status().name()
                + '|' + state.value()
                + '|' + state.since()
                + '|' + (state.lastNotified() == null ? "" : state.lastNotified().toString())
                + '|' + state.episode()
                + '|' + state.notifications()
                + '|' + (state.level() == null ? "" : "=" + state.level());
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not in this format, saying which part
     *                                  is wrong
     */
    static AlertState decode(String monitor, String text) {
        String[] parts = text.split("\\|", FIELDS);
        if (parts.length != FIELDS || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("expected " + FIELDS + " '|'-separated parts starting with version "
                    + VERSION + ", got '" + text + "'");
        }
        try {
            AlertStatus status = AlertStatus.valueOf(parts[1]);
            double value = Double.parseDouble(parts[2]);
            Instant since = Instant.parse(parts[3]);
            Instant lastNotified = parts[4].isEmpty() ? null : Instant.parse(parts[4]);
            long episode = Long.parseLong(parts[5]);
            int notifications = Integer.parseInt(parts[6]);
            String level;
            if (parts[7].isEmpty()) {
                level = null;
            } else if (parts[7].startsWith("=")) {
                level = parts[7].substring(1);
            } else {
                throw new IllegalArgumentException("the level part must be empty or start with '=', got '" + parts[7] + "'");
            }
            return new AlertState(monitor, status, level, value, since, lastNotified, episode, notifications);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad instant in '" + text + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read '" + text + "': " + e.getMessage(), e);
        }
    }
}
