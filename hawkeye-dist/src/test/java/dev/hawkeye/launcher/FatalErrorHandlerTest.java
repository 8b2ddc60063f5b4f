package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FatalErrorHandlerTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Integer> halts = new ArrayList<>();
    private final FatalErrorHandler handler =
            new FatalErrorHandler(new PrintStream(err, true, StandardCharsets.UTF_8), halts::add);

    @Test
    void anErrorOnAnyThreadHaltsTheProcessWith70AfterOneLineNamingTheErrorAndTheThread() {
        handler.uncaughtException(new Thread("hawkeye-unix-selector-1"), new StackOverflowError());

        assertThat(halts).containsExactly(70);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("fatal java.lang.StackOverflowError on thread hawkeye-unix-selector-1")
                .contains("exiting with 70");
    }

    @Test
    void anExceptionEndsOnlyItsThread() {
        handler.uncaughtException(new Thread("hawkeye-config-watcher"), new IllegalStateException("a bug"));

        assertThat(halts).isEmpty();
    }
}
