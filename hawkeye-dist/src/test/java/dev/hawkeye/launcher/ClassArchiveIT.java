package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lib/hawkeye.jsa}, the class-data archive the build makes ({@code src/build/class-archive.sh}):
 * the launcher starts the JVM from it, and a JVM that cannot use it starts without it, silently.
 * Which file a class came from is read from the JVM's own class-loading log.
 */
class ClassArchiveIT {
    private static final String LAUNCHER_CLASS = "dev.hawkeye.launcher.HawkeyeCli source: ";
    private static final Map<String, String> LOG_CLASS_LOADING = Map.of("JAVA_OPTS", "-Xlog:class+load=info:stdout");

    private Distribution distribution;

    @BeforeEach
    void createDistribution() throws Exception {
        distribution = new Distribution();
    }

    @AfterEach
    void cleanUp() throws Exception {
        distribution.close();
    }

    @Test
    void theLauncherStartsFromTheArchiveTheBuildMade() throws Exception {
        assertThat(distribution.home().resolve("lib/hawkeye.jsa")).isRegularFile();

        HawkeyeProcess.Result version = run(distribution.home(), LOG_CLASS_LOADING);

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).anyMatch(line -> line.contains(LAUNCHER_CLASS + "shared objects file (top)"));
        assertThat(version.stderr()).isEmpty();
    }

    @Test
    void switchedOffTheLauncherLoadsItsClassesFromTheJars() throws Exception {
        HawkeyeProcess.Result version = run(distribution.home(),
                Map.of("JAVA_OPTS", "-Xlog:class+load=info:stdout", "HAWKEYE_CLASS_ARCHIVE", "off"));

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(launcherClassSource(version)).contains("hawkeye-dist-").endsWith(".jar");
    }

    /** Another path, and jars with other times: the JVM refuses the archive, and says nothing about it. */
    @Test
    void aCopyElsewhereStartsWithoutTheArchiveAndWithoutAWarning(@TempDir Path elsewhere) throws Exception {
        Path copy = elsewhere.resolve("hawkeye");
        copyTree(distribution.home(), copy);
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

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        assertThat(to.resolve("bin/hawkeye")).isExecutable();
    }
}
