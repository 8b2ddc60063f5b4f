package dev.hawkeye.store.redis;

import dev.hawkeye.testing.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} ({@link RedisProcess}) for one test class, without persistence:
 * started before all tests, emptied before each, stopped after all. A test can {@link #kill()} it
 * and {@link #restart()} it on the same port. When it cannot be started the tests fail (they never
 * skip). Register with {@code @RegisterExtension static}.
 */
final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final String password;
    private final boolean clusterEnabled;
    private RedisProcess process;

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
        List<String> arguments = new ArrayList<>(List.of("--save", "", "--appendonly", "no"));
        if (password != null) {
            arguments.addAll(List.of("--requirepass", password));
        }
        if (clusterEnabled) {
            arguments.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "redis-nodes.conf"));
        }
        Path dir = Files.createTempDirectory(testDirectory(), "redis-" + context.getRequiredTestClass().getSimpleName() + "-");
        process = RedisProcess.start(dir, arguments);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!isRunning()) {
            process.start();
        }
        if (!clusterEnabled) {
            admin(Jedis::flushAll);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        process.close();
    }

    int port() {
        return process.port();
    }

    /** {@code redis://[:password@]127.0.0.1:port/0}. */
    String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port() + "/0";
    }

    boolean isRunning() {
        return process.isRunning();
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits until it is gone. */
    void kill() {
        process.kill();
    }

    /** Starts the server again on the same port (empty: it keeps nothing on disk). */
    void restart() {
        process.kill();
        process.start();
    }

    /** Runs a command on a fresh connection of its own, for a test's setup and assertions. */
    <T> T admin(Function<Jedis, T> command) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(5_000);
        if (password != null) {
            config.password(password);
        }
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port()), config.build())) {
            return command.apply(jedis);
        }
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
}
