package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The heap {@code bin/hawkeye} gives the daemons' JVM: at most 1 GiB, unless the environment gives
 * a heap size of its own. Read from the JVM's final flags, which say where each value came from
 * ({@code {command line}} or {@code {ergonomic}}, the JVM's own choice):
 * {@code -XX:+PrintFlagsFinal -version} makes the JVM print them and stop before the command runs.
 */
class LauncherHeapIT {
    private static final String ONE_GIB_FROM_THE_COMMAND_LINE = "= 1073741824 ";

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void theDaemonsRunWithAtMostOneGibibyteOfHeap() throws Exception {
        for (String command : new String[] {"run", "server", "agent"}) {
            assertThat(maxHeapSize(command, Map.of())).as(command)
                    .contains(ONE_GIB_FROM_THE_COMMAND_LINE).contains("{command line}");
        }
    }

    @Test
    void aHeapSizeInTheEnvironmentReplacesTheDefault() throws Exception {
        assertThat(maxHeapSize("server", Map.of("JAVA_OPTS", "-Xmx300m"))).contains("= 314572800 ");
        assertThat(maxHeapSize("run", Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=10"))).contains("{ergonomic}");
        assertThat(maxHeapSize("agent", Map.of("JAVA_TOOL_OPTIONS", "-Xmx300m"))).contains("= 314572800 ");
    }

    @Test
    void theOtherCommandsKeepTheJvmsOwnChoice() throws Exception {
        for (String command : new String[] {"bench", "status", "send"}) {
            assertThat(maxHeapSize(command, Map.of())).as(command).contains("{ergonomic}");
        }
    }

    /** The MaxHeapSize line of the final flags of {@code bin/hawkeye command} run with {@code environment}. */
    private String maxHeapSize(String command, Map<String, String> environment) throws Exception {
        Map<String, String> withFlags = new HashMap<>(environment);
        withFlags.merge("JAVA_OPTS", "-XX:+PrintFlagsFinal -version", (own, flags) -> own + " " + flags);
        HawkeyeProcess.Result result = HawkeyeProcess.start(distribution.home().resolve("bin/hawkeye"), distribution.workDir(),
                withFlags, command).awaitExit(Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdout().stream().filter(line -> line.matches("\\s*size_t MaxHeapSize\\s+=.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no MaxHeapSize among the flags: " + result));
    }
}
