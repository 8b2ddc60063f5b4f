package dev.hawkeye.launcher;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Handles SIGHUP, the conventional "reload your configuration" signal. Without a handler the JVM
 * treats SIGHUP as a request to exit; with one, hawkeye reloads its config file instead.
 */
final class ReloadSignal {
    private ReloadSignal() {
    }

    /**
     * Calls {@code onSignal} on the signal's thread for each SIGHUP.
     *
     * @return false when SIGHUP cannot be handled (e.g. it is ignored, as under {@code nohup})
     */
    static boolean install(Runnable onSignal) {
        SignalHandler previous;
        try {
            previous = Signal.handle(new Signal("HUP"), signal -> onSignal.run());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // A signal ignored since the process began (nohup) stays ignored: the JVM reports the old
        // disposition, SIG_IGN, and does not install the handler, without an exception.
        return previous != SignalHandler.SIG_IGN;
    }
}
