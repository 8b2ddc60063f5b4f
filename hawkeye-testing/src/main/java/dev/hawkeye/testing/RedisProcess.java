package dev.hawkeye.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, which a test can {@link #kill() kill}
 * (SIGKILL, as a crash) and {@link #start() start} again on the same port. The binary is
 * {@code redis-server} on the PATH, or {@code $REDIS_SERVER}; when it cannot be started the test
 * fails with how to install it (a test never skips for want of Redis). Its files and log go to the
 * folder given; the caller's arguments say what it keeps. A JVM that dies leaves no server behind.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final List<String> arguments;
    private Process process;
    private Thread shutdownHook;

    private RedisProcess(Path dir, int port, List<String> arguments) {
        this.dir = dir;
        this.port = port;
        this.arguments = arguments;
    }

    /**
     * Starts a server keeping its files in {@code dir}, with {@code arguments} after the port, bind
     * address, folder and log file (e.g. {@code --appendonly yes}), and waits until it answers.
     * Another process may take the free port first, so it tries a few.
     *
     * @throws IllegalStateException when it does not start or answer in time
     */
    public static RedisProcess start(Path dir, List<String> arguments) throws IOException {
        Files.createDirectories(dir);
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisProcess server = new RedisProcess(dir, freePort(), List.copyOf(arguments));
            try {
                server.start();
                return server;
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server (again) on its port and waits until it answers {@code PING} (not
     * {@code LOADING}; {@code NOAUTH} counts as an answer).
     *
     * @throws IllegalStateException when it is running already, or does not start or answer in time
     */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(arguments);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary() + " (" + e.getMessage() + "); this test needs a real"
                    + " redis-server: install it (apt-get install redis-server) or set REDIS_SERVER to its path"
                    + (System.getenv("CI") != null ? " (CI is set: .ci/run should have installed it)" : ""), e);
        }
        shutdownHook = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitAnswer();
    }

    /** Kills the server at once (SIGKILL) and waits until it is gone. */
    public void kill() {
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

    @Override
    public void close() {
        kill();
    }

    /** A TCP port of 127.0.0.1 that nothing listens on at the moment. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
                process = null;
                throw new IllegalStateException("redis-server on port " + port + " exited at start:\n" + log());
            }
            last = ping();
            if (last.equals("+PONG") || last.startsWith("-NOAUTH")) {
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

    /** The first line of Redis' answer to {@code PING}, written by hand (no client library here), or what went wrong. */
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
        StringBuilder out = new StringBuilder();
        for (String name : List.of("redis.log", "redis.out")) {
            try {
                Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    out.append(Files.readString(file));
                }
            } catch (IOException e) {
                out.append("(no ").append(name).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    private static String binary() {
        String configured = System.getenv("REDIS_SERVER");
        return configured == null || configured.isBlank() ? "redis-server" : configured;
    }
}
