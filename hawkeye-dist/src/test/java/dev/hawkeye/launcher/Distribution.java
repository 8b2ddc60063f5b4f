package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The assembled distribution under test ({@code target/hawkeye}, passed by failsafe as the system
 * property {@code hawkeye.dist}), and a scratch folder to run it in: a short path, so that socket
 * paths stay under the 108-byte limit of a Unix socket address.
 *
 * <p>A test class holds one as {@code @RegisterExtension final Distribution distribution = new
 * Distribution();}: a new one for each test, which kills the processes it started and deletes its
 * folder after the test and after the class's own {@code @AfterEach} methods (so a Redis or an HTTP
 * server those stop is gone before the processes are killed, and its files before the folder).
 */
final class Distribution implements AfterEachCallback, AutoCloseable {
    private final Path home;
    private final Path workDir;
    private final List<HawkeyeProcess> processes = new ArrayList<>();

    Distribution() {
        String property = System.getProperty("hawkeye.dist");
        assertThat(property).as("system property hawkeye.dist (set by failsafe)").isNotBlank();
        home = Path.of(property).toAbsolutePath();
        assertThat(home.resolve("bin/hawkeye")).as("the assembled launcher").isExecutable();
        try {
            workDir = Files.createTempDirectory(Path.of("/tmp"), "hk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path home() {
        return home;
    }

    /** The folder every process runs in; holds no monitors.yaml or .env unless a test writes one. */
    Path workDir() {
        return workDir;
    }

    Path socket() {
        return workDir.resolve("hawkeye.sock");
    }

    Path writeConfig(String name, String yaml) throws IOException {
        return Files.writeString(workDir.resolve(name), yaml);
    }

    /** Starts {@code bin/hawkeye args...} in the work folder; it is destroyed by {@link #close}. */
    HawkeyeProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** Starts {@code bin/hawkeye args...} with {@code environment} added to the test's own. */
    HawkeyeProcess start(Map<String, String> environment, String... args) throws IOException {
        HawkeyeProcess process = HawkeyeProcess.start(home.resolve("bin/hawkeye"), workDir, environment, args);
        processes.add(process);
        return process;
    }

    /** Runs {@code bin/hawkeye args...} to completion (at most 30 seconds). */
    HawkeyeProcess.Result run(String... args) throws IOException, InterruptedException {
        HawkeyeProcess process = start(args);
        return process.awaitExit(Duration.ofSeconds(30));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }

    @Override
    public void close() throws IOException {
        for (HawkeyeProcess process : processes) {
            process.kill();
        }
        try (var files = Files.walk(workDir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        }
    }
}
