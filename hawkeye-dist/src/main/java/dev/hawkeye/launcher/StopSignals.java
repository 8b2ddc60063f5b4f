package dev.hawkeye.launcher;

import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Handles SIGTERM and SIGINT. The JVM's own handling runs the shutdown hooks but then exits with
 * 143 or 130; a service manager (and {@code hawkeye run} in a terminal) expects a clean stop to
 * exit with 0, so hawkeye stops itself and returns normally. {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}) is the only way the JDK offers to do that.
 */
final class StopSignals {
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT");

    private StopSignals() {
    }

    /** Calls {@code onSignal} with the signal's name ({@code TERM}, {@code INT}) on the signal's thread. */
    static void install(Consumer<String> onSignal) {
        for (String name : STOP_SIGNALS) {
            Signal.handle(new Signal(name), signal -> onSignal.accept(signal.getName()));
        }
    }
}
