package dev.hawkeye.core;

/**
 * Elapsed time, for the durations hawkeye measures (backoffs, rate windows, maximum ages): unlike
 * the wall clock it never steps, so an NTP correction neither stalls nor releases a notification.
 * Only the difference of two readings means anything. Thread-safe.
 */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds since an arbitrary origin, as {@link System#nanoTime()}. */
    long nanos();
}
