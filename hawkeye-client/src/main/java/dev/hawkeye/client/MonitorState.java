package dev.hawkeye.client;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One monitor as the server's {@code status} reports it. Immutable.
 *
 * @param name         the monitor
 * @param state        {@code OK}, {@code PENDING}, {@code FIRING} or {@code UNKNOWN}
 * @param level        the breached trigger's level, or {@code null}
 * @param value        the last evaluated value; empty when there was no data
 * @param condition    the monitor's rule in words, or {@code null}
 * @param since        when the state began, or {@code null}
 * @param lastNotified when the last notification went out, or {@code null}
 */
public record MonitorState(String name, String state, String level, OptionalDouble value, String condition,
                           Instant since, Instant lastNotified) {
}
