package dev.hawkeye.launcher;

import sun.misc.Signal;

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
        try {
            Signal.handle(new Signal("HUP"), signal -> onSignal.run());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
