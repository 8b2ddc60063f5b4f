package dev.hawkeye.api.transport;

import java.time.Instant;

/**
 * One monitor as {@code status} reports it.
 *
 * @param name         the monitor
 * @param state        {@code OK}, {@code PENDING}, {@code FIRING}, or {@code UNKNOWN} before the
 *                     first evaluation or while the store is unavailable
 * @param level        the breached trigger's level, or {@code null}
 * @param value        the last evaluated value (NaN without data)
 * @param condition    the monitor's rule in words
 * @param since        when the state began
 * @param lastNotified when the last notification went out, or {@code null}
 */
public record MonitorStatus(String name, String state, String level, double value, String condition,
                            Instant since, Instant lastNotified) {
}
