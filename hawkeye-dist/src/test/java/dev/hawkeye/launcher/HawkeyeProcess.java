package dev.hawkeye.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A {@code bin/hawkeye} process, its standard output and standard error read line by line on
 * threads of their own so that the process never blocks on a full pipe.
 */
final class HawkeyeProcess {
    /** Variables of the test's own environment that would change what hawkeye does. */
    private static final List<String> SCRUBBED = List.of("HAWKEYE_CONFIG", "HAWKEYE_SOCKET", "REDIS_URL",
            "SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_FROM", "SLACK_WEBHOOK_URL",
            "JAVA_OPTS", "HAWKEYE_CLASS_ARCHIVE", "HAWKEYE_HTTP", "HAWKEYE_HTTP_TOKEN");

    private final Process process;
    private final List<String> args;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private HawkeyeProcess(Process process, List<String> args) {
        this.process = process;
        this.args = args;
        this.stdoutReader = reader(process.getInputStream(), stdout, "stdout");
        this.stderrReader = reader(process.getErrorStream(), stderr, "stderr");
    }

    static HawkeyeProcess start(Path launcher, Path workDir, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        SCRUBBED.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        return new HawkeyeProcess(builder.start(), List.of(args));
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** Waits until a line of standard output matches; fails with both streams when none does in time. */
    String awaitStdoutLine(Predicate<String> matching, Duration timeout) {
        return awaitLine(stdout, matching, timeout);
    }

    String awaitStderrLine(Predicate<String> matching, Duration timeout) {
        return awaitLine(stderr, matching, timeout);
    }

    private String awaitLine(List<String> lines, Predicate<String> matching, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (lines.stream().anyMatch(matching)) {
                    return true;
                }
                if (!process.isAlive() && !readersAlive()) {
                    throw new AssertionError("hawkeye exited with " + process.exitValue() + " before the line appeared: " + describe());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no such line within " + timeout + ": " + describe(), e);
        }
        return lines.stream().filter(matching).findFirst().orElseThrow();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM. Through the process handle: {@link Process#destroy()} sends the same signal
     * but also closes our ends of the pipes, and the test would miss what hawkeye logs on its way out.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Sends the signal {@code name} ({@code HUP}, ...) with {@code kill}; {@code bin/hawkeye} execs the JVM, so it gets it. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed with " + kill.exitValue());
        }
    }

    /** Waits for the process to exit and for both streams to be read to their end. */
    Result awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("hawkeye did not exit within " + timeout + ": " + describe());
        }
        stdoutReader.join(5_000);
        stderrReader.join(5_000);
        return new Result(process.exitValue(), stdout(), stderr());
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean readersAlive() {
        return stdoutReader.isAlive() || stderrReader.isAlive();
    }

    String describe() {
        return "hawkeye " + String.join(" ", args) + "\n--- stdout:\n" + String.join("\n", stdout)
                + "\n--- stderr:\n" + String.join("\n", stderr);
    }

    private static Thread reader(InputStream stream, List<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the stream was closed because the process was killed: nothing more to read
            }
        }, "hawkeye-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** How a finished process ended. */
    record Result(int exitCode, List<String> stdout, List<String> stderr) {
        String stdoutText() {
            return String.join("\n", stdout);
        }

        String stderrText() {
            return String.join("\n", stderr);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdoutText() + "\n--- stderr:\n" + stderrText();
        }
    }
}
