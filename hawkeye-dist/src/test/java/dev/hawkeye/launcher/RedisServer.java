package dev.hawkeye.launcher;

import dev.hawkeye.testing.RedisProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * A real {@code redis-server} ({@link RedisProcess}) for an end-to-end test, which can be
 * {@link #kill() killed} (SIGKILL, as a crash) and {@link #start() started} again on the same port
 * with what it had stored: it persists to an append-only file fsynced before every answer
 * ({@code appendonly yes}, {@code appendfsync always}), so a crash loses nothing Redis has
 * acknowledged, which is what the README of the redis store asks of a Redis that must keep every
 * point across a crash.
 */
final class RedisServer implements AutoCloseable {
    private final RedisProcess process;

    private RedisServer(RedisProcess process) {
        this.process = process;
    }

    /**
     * Starts a server in the distribution's work folder and points the distribution's hawkeye at
     * it: {@code REDIS_URL} in the {@code .env} the launcher reads from its working directory.
     */
    static RedisServer startFor(Distribution distribution) throws IOException {
        RedisServer server = new RedisServer(RedisProcess.start(distribution.workDir().resolve("redis"),
                List.of("--save", "", "--appendonly", "yes", "--appendfsync", "always")));
        Files.writeString(distribution.workDir().resolve(".env"), "REDIS_URL=" + server.url() + "\n");
        return server;
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    String url() {
        return "redis://127.0.0.1:" + process.port() + "/0";
    }

    /** The notifications the outbox holds ({@code HLEN hawkeye:outbox:entries}, asked with {@code redis-cli}). */
    long outboxSize() throws IOException, InterruptedException {
        Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(process.port()), "HLEN", "hawkeye:outbox:entries")
                .redirectErrorStream(true).start();
        String answer = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (cli.waitFor() != 0 || !answer.matches("\\d+")) {
            throw new IOException("redis-cli HLEN failed: " + answer);
        }
        return Long.parseLong(answer);
    }

    /** What the outbox's entries hold, as {@code redis-cli HVALS hawkeye:outbox:entries} prints it. */
    String outboxValues() throws IOException, InterruptedException {
        Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(process.port()), "HVALS", "hawkeye:outbox:entries")
                .redirectErrorStream(true).start();
        String answer = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (cli.waitFor() != 0) {
            throw new IOException("redis-cli HVALS failed: " + answer);
        }
        return answer;
    }

    /** Kills the server at once (SIGKILL) and waits until it is gone. */
    void kill() {
        process.kill();
    }

    /** Starts the server again on its port, loading what its append-only file holds, and waits until it answers. */
    void start() {
        process.start();
    }

    @Override
    public void close() {
        process.close();
    }
}
