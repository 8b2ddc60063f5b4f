package dev.hawkeye.core.config;

import java.util.Locale;

/**
 * What a monitor does when its window has no value ({@code no_data:}). Only aggregates that have
 * no value for an empty window ({@code avg}, {@code min}, {@code max}, {@code last} and the
 * percentiles) ever see "no data": {@code count}, {@code sum} and {@code rate} of an empty window
 * are 0, which is a value.
 */
public enum NoDataPolicy {
    /** No data breaches nothing: a pending monitor goes back to OK, a firing one resolves (the default). */
    OK,
    /** No data changes nothing: the monitor keeps its state and level; a firing one keeps repeating. */
    KEEP,
    /**
     * No data is a breach of the least severe trigger (with {@code for:} as for any breach); a
     * monitor already pending or firing at a more severe level stays at that level, since missing
     * data is no evidence that things got better.
     */
    ALERT;

    /** The name written in config: {@code ok}, {@code keep}, {@code alert}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
