package dev.hawkeye.launcher;

import java.io.PrintStream;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's policy for what escapes one of its threads: an {@link Error} (a selector, the flush
 * or an evaluation thread that can no longer run) ends the process at once with
 * {@value #FATAL_ERROR}, after one line that says what and where, so that a supervisor restarts it
 * rather than leave it half alive. It halts rather than exits: the shutdown hooks' orderly stop
 * cannot be trusted after an {@code Error}, and what it would deliver waits in the outbox.
 * Any other exception is logged, and its thread alone ends.
 */
final class FatalErrorHandler implements Thread.UncaughtExceptionHandler {
    /** {@code EX_SOFTWARE} of sysexits.h: an internal error. */
    static final int FATAL_ERROR = 70;
    private static final Logger log = LoggerFactory.getLogger(FatalErrorHandler.class);

    private final PrintStream err;
    private final IntConsumer halt;

    FatalErrorHandler(PrintStream err, IntConsumer halt) {
        this.err = err;
        this.halt = halt;
    }

    /** The handler every daemon installs: writes to standard error and halts the JVM. */
    static FatalErrorHandler forThisProcess() {
        return new FatalErrorHandler(System.err, Runtime.getRuntime()::halt);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (!(failure instanceof Error)) {
            log.error("thread {} ended on an unexpected exception", thread.getName(), failure);
            return;
        }
        try {
            String line = "hawkeye: fatal " + failure + " on thread " + thread.getName() + "; exiting with "
                    + FATAL_ERROR + " so that a supervisor restarts hawkeye";
            log.error(line, failure);
            err.println(line);
            err.flush();
        } catch (Throwable reporting) {
            // With the heap gone even the log line may fail; the exit must not.
        } finally {
            halt.accept(FATAL_ERROR);
        }
    }
}
