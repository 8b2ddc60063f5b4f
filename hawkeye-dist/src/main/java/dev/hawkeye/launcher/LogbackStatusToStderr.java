package dev.hawkeye.launcher;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints Logback's own warnings and errors (a broken {@code logback.xml}, an unwritable log file)
 * to standard error. Without a status listener Logback prints them to standard output, which is
 * reserved for command output and notifications. {@code bin/hawkeye} installs it with
 * {@code -Dlogback.statusListenerClass}. Thread-safe.
 */
public final class LogbackStatusToStderr implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            System.err.println("logback: " + status);
        }
    }
}
