package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a separate Maven build of a project outside the reactor, with the Maven and the local
 * repository of the build running the tests (failsafe passes them as the system properties
 * {@code maven.home} and {@code hawkeye.maven.repo.local}); without
 * {@code maven.home} (a test started from an IDE) it runs {@code mvn} from the {@code PATH}.
 * Methods fail with an {@link AssertionError} that holds the build's output.
 */
final class MavenBuild {
    private final Path mvn;
    private final List<String> settings = new ArrayList<>();

    private MavenBuild(Path mvn) {
        this.mvn = mvn;
    }

    static MavenBuild ofTheRunningBuild() {
        String home = System.getProperty("maven.home", "");
        MavenBuild build = new MavenBuild(home.isBlank() ? Path.of("mvn") : Path.of(home, "bin", "mvn"));
        String repository = System.getProperty("hawkeye.maven.repo.local", "");
        if (!repository.isBlank()) {
            build.settings.add("-Dmaven.repo.local=" + repository);
        }
        return build;
    }

    /**
     * Runs {@code mvn clean package} (with its tests) on the project in {@code projectDir} and returns
     * the one jar it writes to {@code target/} whose name starts with {@code artifactId-}.
     */
    Path packageJar(Path projectDir, String artifactId, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("mvn-" + artifactId, ".log");
        try {
            List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-f",
                    projectDir.resolve("pom.xml").toString()));
            command.addAll(settings);
            command.addAll(List.of("clean", "package"));
            Process process = new ProcessBuilder(command).directory(projectDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + Files.readString(log));
            }
            assertThat(process.exitValue()).as(String.join(" ", command) + " failed:\n" + Files.readString(log)).isZero();
        } finally {
            Files.deleteIfExists(log);
        }
        try (Stream<Path> files = Files.list(projectDir.resolve("target"))) {
            List<Path> jars = files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(artifactId + "-") && name.endsWith(".jar")
                        && !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar");
            }).toList();
            assertThat(jars).as("the jar of " + artifactId + " in " + projectDir.resolve("target")).hasSize(1);
            return jars.get(0);
        }
    }
}
