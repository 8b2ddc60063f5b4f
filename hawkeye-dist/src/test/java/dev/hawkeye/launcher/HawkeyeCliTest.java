package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.core.config.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line in process: exit codes and what goes to which stream. */
class HawkeyeCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void withoutACommandItIsAUsageError() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is required").contains("Usage: hawkeye");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(execute("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("run", "server", "agent", "send", "query", "status", "check", "plugins");
    }

    @Test
    void checkPrintsEveryProblemOfAnInvalidConfigToStandardErrorAndExitsWithTwo() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                run_every: 5
                monitors:
                  - key: api.errors
                    interval: soon
                    triggers:
                      - treshold: 100
                """);

        assertThat(execute("check", config.toString())).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("bad.yaml:4:").contains("interval").contains("bad.yaml:6:").contains("treshold");
    }

    @Test
    void aMissingConfigFileIsAConfigurationError() {
        assertThat(execute("check", dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.yaml");
    }

    @Test
    void sendWithoutAValueForAGaugeIsAUsageError() {
        assertThat(execute("send", "queue.depth", "--type", "gauge", "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a gauge needs a VALUE");
    }

    @Test
    void queryWithAWindowThatIsNotADurationIsAUsageError() {
        assertThat(execute("query", "api.errors", "--aggregate", "count", "--window", "soon",
                "--socket", dir.resolve("none.sock").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--window").contains("soon");
    }

    private int execute(String... args) {
        CommandLine commandLine = HawkeyeCli.commandLine(() -> new Environment(Map.of()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
