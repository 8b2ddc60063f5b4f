package dev.hawkeye.core;

/**
 * Where an {@link Error} caught on one of hawkeye's own threads goes: to the process's default
 * uncaught-exception handler (the launcher's ends the process, so that a supervisor restarts it
 * rather than leave it half alive), then thrown on. Executors would otherwise keep it in a future
 * nobody reads.
 */
public final class Fatal {
    private Fatal() {
    }

    /** Hands {@code error} to the default handler, then throws it. */
    public static void handle(Error error) {
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        if (handler != null) {
            handler.uncaughtException(Thread.currentThread(), error);
        }
        throw error;
    }
}
