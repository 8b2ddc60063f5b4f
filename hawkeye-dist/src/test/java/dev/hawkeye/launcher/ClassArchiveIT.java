package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lib/hawkeye.jsa}, the class-data archive the build makes ({@code src/build/class-archive.sh}):
 * the launcher starts the JVM from it, and a JVM that cannot use it starts without it, silently.
 * Which file a class came from is read from the JVM's own class-loading log.
 */
class ClassArchiveIT {
    private static final String LAUNCHER_CLASS = "dev.hawkeye.launcher.HawkeyeCli source: ";
    private static final Map<String, String> LOG_CLASS_LOADING = Map.of("JAVA_OPTS", "-Xlog:class+load=info:stdout");

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void theLauncherStartsFromTheArchiveTheBuildMade() throws Exception {
        assertThat(distribution.home().resolve("lib/hawkeye.jsa")).isRegularFile();

        HawkeyeProcess.Result version = run(distribution.home(), LOG_CLASS_LOADING);

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(launcherClassSource(version)).isEqualTo("shared objects file (top)");
        assertThat(version.stderr()).isEmpty();
    }

    @Test
    void switchedOffTheLauncherLoadsItsClassesFromTheJars() throws Exception {
        HawkeyeProcess.Result version = run(distribution.home(),
                Map.of("JAVA_OPTS", "-Xlog:class+load=info:stdout", "HAWKEYE_CLASS_ARCHIVE", "off"));

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(launcherClassSource(version)).contains("hawkeye-dist-").endsWith(".jar");
    }

    /** Another path: the JVM refuses the archive, and says nothing about it. */
    @Test
    void aCopyElsewhereStartsWithoutTheArchiveAndWithoutAWarning(@TempDir Path elsewhere) throws Exception {
        Path copy = elsewhere.resolve("hawkeye");
        Folders.copyTree(distribution.home(), copy);
        assertThat(copy.resolve("lib/hawkeye.jsa")).isRegularFile();

        HawkeyeProcess.Result version = run(copy, LOG_CLASS_LOADING);

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).anyMatch(line -> line.startsWith("hawkeye "));
        assertThat(launcherClassSource(version)).startsWith("file:" + copy);
        assertThat(version.stderr()).isEmpty();
    }

    private HawkeyeProcess.Result run(Path home, Map<String, String> environment) throws Exception {
        return HawkeyeProcess.start(home.resolve("bin/hawkeye"), distribution.workDir(), environment, "--version")
                .awaitExit(Duration.ofSeconds(30));
    }

    private static String launcherClassSource(HawkeyeProcess.Result result) {
        return result.stdout().stream()
                .filter(line -> line.contains(LAUNCHER_CLASS))
                .map(line -> line.substring(line.indexOf(LAUNCHER_CLASS) + LAUNCHER_CLASS.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no class-loading line for HawkeyeCli: " + result));
    }
}
