package dev.hawkeye.store.redis;

import dev.hawkeye.api.store.HistoryEvent;
import java.time.Instant;

/**
 * Writes a {@link HistoryEvent} as one line of text, an element of its monitor's history list:
 * <pre>1|at|kind|state|value|level|detail</pre>
 * {@code 1} is the format version, {@code at} ISO-8601, {@code value} a Java double, the level as
 * {@code =<level>} or empty; the detail comes last, so it may hold any character but a line break.
 */
final class HistoryCodec {
    private static final String VERSION = "1";
    private static final int FIELDS = 7;

    private HistoryCodec() {
    }

    static String encode(HistoryEvent event) {
        return VERSION + '|' + event.at() + '|' + event.kind().name() + '|' + event.state() + '|' + event.value()
                + '|' + (event.level() == null ? "" : "=" + event.level().replace('|', '/')) + '|' + event.detail();
    }

    /** @throws IllegalArgumentException when {@code text} is not in this format */
    static HistoryEvent decode(String text) {
        String[] parts = text.split("\\|", FIELDS);
        if (parts.length != FIELDS || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not a version " + VERSION + " history event: " + text);
        }
        try {
            String level = parts[5].isEmpty() ? null : parts[5].substring(1);
            return new HistoryEvent(Instant.parse(parts[1]), HistoryEvent.Kind.valueOf(parts[2]), parts[3], level,
                    Double.parseDouble(parts[4]), parts[6]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a history event with a bad field (" + e.getMessage() + "): " + text, e);
        }
    }
}
