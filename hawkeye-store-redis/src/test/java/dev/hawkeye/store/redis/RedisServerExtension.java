package dev.hawkeye.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1 for one test class, without
 * persistence: started before all tests, emptied before each, stopped after all. A test can
 * {@link #kill()} it and {@link #restart()} it on the same port. The binary is
 * {@code redis-server} on the PATH, or {@code $REDIS_SERVER}; when it cannot be started the
 * tests fail (they never skip). Register with {@code @RegisterExtension static}.
 */
final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final String password;
    private final boolean clusterEnabled;
    private int port;
    private Process process;
    private Path log;
    private Thread shutdownHook;

    private RedisServerExtension(String password, boolean clusterEnabled) {
        this.password = password;
        this.clusterEnabled = clusterEnabled;
    }

    /** A server without a password. */
    static RedisServerExtension plain() {
        return new RedisServerExtension(null, false);
    }

    /** A server started with {@code --requirepass password}. */
    static RedisServerExtension withPassword(String password) {
        return new RedisServerExtension(password, false);
    }

    /**
     * A server started with {@code --cluster-enabled yes} and no slots: it stores nothing, but
     * answers {@code CLUSTER KEYSLOT}, which a server without cluster support refuses.
     */
    static RedisServerExtension clusterNode() {
        return new RedisServerExtension(null, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        log = Files.createTempFile(testDirectory(), "redis-" + context.getRequiredTestClass().getSimpleName() + "-", ".log");
        // Another process may take the free port between our probe and redis' bind: try a few.
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!isRunning()) {
            start();
        }
        if (!clusterEnabled) {
            admin(Jedis::flushAll);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kill();
    }

    int port() {
        return port;
    }

    /** {@code redis://[:password@]127.0.0.1:port/0}. */
    String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port + "/0";
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits until it is gone. */
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

    /** Starts the server again on the same port (empty: it keeps nothing on disk). */
    void restart() {
        kill();
        start();
    }

    /** Runs a command on a fresh connection of its own, for a test's setup and assertions. */
    <T> T admin(Function<Jedis, T> command) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(5_000);
        if (password != null) {
            config.password(password);
        }
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), config.build())) {
            return command.apply(jedis);
        }
    }

    private void start() {
        List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", testDirectory().toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        if (clusterEnabled) {
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "redis-nodes-" + port + ".conf"));
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary() + " (" + e.getMessage() + "); the redis store tests need"
                    + " a real redis-server: install it (apt-get install redis-server) or set REDIS_SERVER to its path"
                    + (System.getenv("CI") != null ? " (CI is set: .ci/run should have installed it)" : ""), e);
        }
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitPing();
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process = null;
                throw new IllegalStateException("redis-server on port " + port + " exited at start:\n" + readLog());
            }
            try {
                if ("PONG".equals(admin(Jedis::ping))) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
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
                + " (" + last + "):\n" + readLog());
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String binary() {
        String configured = System.getenv("REDIS_SERVER");
        return configured == null || configured.isBlank() ? "redis-server" : configured;
    }

    private static Path testDirectory() {
        String dir = System.getenv("HAWKEYE_TEST_TMP");
        Path path = Path.of(dir == null ? System.getProperty("java.io.tmpdir") : dir);
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port of 127.0.0.1 that nothing listens on at the moment. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
