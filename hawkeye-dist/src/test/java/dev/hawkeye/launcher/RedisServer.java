package dev.hawkeye.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1 for an end-to-end test, which can be
 * {@link #kill() killed} (SIGKILL, as a crash) and {@link #start() started} again on the same port
 * with what it had stored.
 *
 * <p>It persists to an append-only file fsynced before every answer ({@code appendonly yes},
 * {@code appendfsync always}), so a crash loses nothing Redis has acknowledged: what the README
 * of the redis store asks of a Redis that must keep every point across a crash. The binary is
 * {@code redis-server} on the PATH, or {@code $REDIS_SERVER}; when it cannot be started the test
 * fails (it never skips). The same idea as the redis store's own {@code RedisServerExtension},
 * without jedis, which is not on this module's class path: readiness is a {@code PING} written by
 * hand.
 */
final class RedisServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private Process process;
    private Thread shutdownHook;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts a server in the distribution's work folder and points the distribution's hawkeye at
     * it: {@code REDIS_URL} in the {@code .env} the launcher reads from its working directory.
     */
    static RedisServer startFor(Distribution distribution) throws IOException {
        RedisServer server = startIn(distribution.workDir().resolve("redis"));
        Files.writeString(distribution.workDir().resolve(".env"), "REDIS_URL=" + server.url() + "\n");
        return server;
    }

    /** Starts a server keeping its files in {@code dir}; another process may take the free port first, so try a few. */
    static RedisServer startIn(Path dir) throws IOException {
        Files.createDirectories(dir);
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServer server = new RedisServer(dir, freePort());
            try {
                server.start();
                return server;
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }

    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL) and waits until it is gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        process = null;
    }

    /**
     * Starts the server (again) on its port, loading what its append-only file holds, and waits
     * until it answers {@code PING} (not {@code LOADING}).
     *
     * @throws IllegalStateException when it does not start or answer in time
     */
    void start() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        List<String> command = List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--logfile", dir.resolve("redis.log").toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary() + " (" + e.getMessage() + "); this test needs a real"
                    + " redis-server: install it (apt-get install redis-server) or set REDIS_SERVER to its path", e);
        }
        // A test JVM that dies leaves no redis-server behind.
        shutdownHook = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
                process = null;
                throw new IllegalStateException("redis-server on port " + port + " exited at start:\n" + log());
            }
            last = ping();
            if (last.equals("+PONG")) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
        kill();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + STARTUP
                + " (" + last + "):\n" + log());
    }

    @Override
    public void close() {
        kill();
    }

    /** The first line of Redis' answer to {@code PING}, or what went wrong. */
    private String ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? "connection closed" : line;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private String log() {
        try {
            Path file = dir.resolve("redis.log");
            return (Files.exists(file) ? Files.readString(file) : "") + Files.readString(dir.resolve("redis.out"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String binary() {
        String configured = System.getenv("REDIS_SERVER");
        return configured == null || configured.isBlank() ? "redis-server" : configured;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
