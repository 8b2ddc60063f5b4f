package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The heap {@code bin/hawkeye} gives the daemons' JVM: at most 1 GiB, unless {@code JAVA_OPTS}
 * says otherwise. Read from the JVM's
 * final flags: {@code JAVA_OPTS="-XX:+PrintFlagsFinal -version"} makes it print them and stop
 * before the command runs.
 */
class LauncherHeapIT {
    private static final long GIB = 1L << 30;

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void theDaemonsRunWithAtMostOneGibibyteOfHeap() throws Exception {
        for (String command : new String[] {"run", "server", "agent"}) {
            assertThat(maxHeap(command, "")).as(command).isEqualTo(GIB);
        }
    }

    @Test
    void anXmxInJavaOptsWins() throws Exception {
        assertThat(maxHeap("server", "-Xmx300m")).isEqualTo(300L << 20);
        assertThat(maxHeap("run", "-Xmx3g")).isEqualTo(3 * GIB);
    }

    /** The MaxHeapSize the JVM of {@code bin/hawkeye command} settles on with {@code javaOpts} added. */
    private long maxHeap(String command, String javaOpts) throws Exception {
        HawkeyeProcess.Result result = HawkeyeProcess.start(distribution.home().resolve("bin/hawkeye"), distribution.workDir(),
                Map.of("JAVA_OPTS", javaOpts + " -XX:+PrintFlagsFinal -version"), command).awaitExit(Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String line = result.stdout().stream().filter(text -> text.matches("\\s*size_t MaxHeapSize\\s+=.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no MaxHeapSize among the flags: " + result));
        return Long.parseLong(line.replaceAll(".*=\\s*(\\d+).*", "$1"));
    }
}
