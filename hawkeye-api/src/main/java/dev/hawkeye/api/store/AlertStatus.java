package dev.hawkeye.api.store;

/** Where a monitor is in its life cycle: {@code OK → PENDING → FIRING(level) → OK}. */
public enum AlertStatus {
    /** No trigger is breached. */
    OK,
    /** A trigger is breached but has not held for the monitor's {@code for:} yet. */
    PENDING,
    /** A trigger is breached and people have been (or are being) notified. */
    FIRING
}
