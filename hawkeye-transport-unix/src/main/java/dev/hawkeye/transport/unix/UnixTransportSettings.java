package dev.hawkeye.transport.unix;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The validated {@code transport:} section of a {@code unix} transport. Immutable.
 *
 * @param path            the socket file
 * @param mode            the socket file's permissions (connecting needs write permission)
 * @param group           the group given to the socket file, or {@code null} to keep the
 *                        process's group
 * @param allowUids       peers whose uid is listed are served; with {@code allowGids}, empty
 *                        both means every peer that can open the file
 * @param allowGids       peers with one of these as primary or supplementary group are served
 * @param maxMessageBytes the largest message accepted; a larger one is answered with an error and
 *                        its connection closed
 * @param maxConnections  connections open at once; further ones are closed at once and counted
 * @param selectors       selector threads that read, frame and answer the connections; a new
 *                        connection goes to the first one that is not busy
 * @param workers         threads that execute requests
 * @param writeTimeout    how long a connection may leave its responses unread before it is closed
 * @param readTimeout     how long a message may take to arrive whole, from its first byte; a
 *                        connection holding a partial message longer is closed
 * @param maxPendingBytes the bytes of partial messages all connections together may hold; the
 *                        connection whose read goes beyond it is closed
 * @param maxBatchCalls   the most calls of one JSON-RPC batch that are run; each call past them
 *                        is answered with an error
 */
public record UnixTransportSettings(Path path, Set<PosixFilePermission> mode, String group,
                                    Set<Long> allowUids, Set<Long> allowGids, int maxMessageBytes,
                                    int maxConnections, int selectors, int workers, Duration writeTimeout,
                                    Duration readTimeout, long maxPendingBytes, int maxBatchCalls) {
    public static final String DEFAULT_PATH = "/tmp/hawkeye.sock";
    public static final String DEFAULT_MODE = "0660";
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_PENDING_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_BATCH_CALLS = 1_000;
    /** The longest socket path the kernel takes ({@code sun_path} is 108 bytes with its NUL on Linux). */
    public static final int MAX_PATH_BYTES = 107;

    static final List<String> KEYS = List.of("path", "mode", "group", "allow_uids", "allow_gids",
            "max_message_bytes", "max_connections", "selectors", "workers", "write_timeout", "read_timeout",
            "max_pending_bytes", "max_batch_calls");
    private static final long MAX_ID = 0xFFFF_FFFFL;

    public UnixTransportSettings {
        mode = Set.copyOf(mode);
        allowUids = Set.copyOf(allowUids);
        allowGids = Set.copyOf(allowGids);
    }

    /** All defaults, on {@code path}. */
    public static UnixTransportSettings defaults(Path path) {
        return new UnixTransportSettings(path, PluginConfig.octalMode(DEFAULT_MODE), null, Set.of(), Set.of(),
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CONNECTIONS, defaultSelectors(), defaultWorkers(), DEFAULT_WRITE_TIMEOUT,
                DEFAULT_READ_TIMEOUT, DEFAULT_MAX_PENDING_BYTES, DEFAULT_MAX_BATCH_CALLS);
    }

    /**
     * Validates a {@code transport:} section.
     *
     * @throws ConfigException naming every key that is unknown or cannot be used (a misspelt key,
     *                         a path too long for a socket, a mode that is not octal, a group that
     *                         does not exist, a number out of range)
     */
    public static UnixTransportSettings from(PluginConfig config) {
        config.rejectUnknownKeys(KEYS);
        Path path = Path.of(config.string("path", DEFAULT_PATH));
        int pathBytes = path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (pathBytes > MAX_PATH_BYTES) {
            throw config.invalid("path", "a Unix socket path must be at most " + MAX_PATH_BYTES
                    + " bytes; '" + path.toAbsolutePath() + "' has " + pathBytes);
        }
        int maxMessageBytes = config.integer("max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES, 256, 256 << 20);
        long maxPendingBytes = config.integer("max_pending_bytes", (int) DEFAULT_MAX_PENDING_BYTES, 256, Integer.MAX_VALUE);
        if (maxPendingBytes < maxMessageBytes) {
            throw config.invalid("max_pending_bytes", "must be at least max_message_bytes (" + maxMessageBytes
                    + "), or no message of the largest size could ever arrive; got " + maxPendingBytes);
        }
        return new UnixTransportSettings(
                path,
                config.fileMode("mode", DEFAULT_MODE),
                group(config),
                ids(config, "allow_uids"),
                ids(config, "allow_gids"),
                maxMessageBytes,
                config.integer("max_connections", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                config.integer("selectors", defaultSelectors(), 1, 64),
                config.integer("workers", defaultWorkers(), 1, 1024),
                timeout(config, "write_timeout", DEFAULT_WRITE_TIMEOUT),
                timeout(config, "read_timeout", DEFAULT_READ_TIMEOUT),
                maxPendingBytes,
                config.integer("max_batch_calls", DEFAULT_MAX_BATCH_CALLS, 1, 1_000_000));
    }

    /** Whether a peer with these credentials is served. */
    boolean admits(long uid, long[] gids) {
        if (allowUids.isEmpty() && allowGids.isEmpty()) {
            return true;
        }
        if (allowUids.contains(uid)) {
            return true;
        }
        for (long gid : gids) {
            if (allowGids.contains(gid)) {
                return true;
            }
        }
        return false;
    }

    boolean checksPeers() {
        return !allowUids.isEmpty() || !allowGids.isEmpty();
    }

    /**
     * Two where there are two cores or more: a connection that arrives while another keeps the
     * first selector busy is served by the second. One selector thread takes some two million
     * points a second, so more rarely pay for their threads.
     */
    private static int defaultSelectors() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    private static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static String group(PluginConfig config) {
        if (!config.has("group")) {
            return null;
        }
        String group = config.requireString("group");
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (IOException | UnsupportedOperationException e) {
            throw config.invalid("group", "no group named '" + group + "' on this host");
        }
        return group;
    }

    private static Set<Long> ids(PluginConfig config, String key) {
        Set<Long> ids = new LinkedHashSet<>();
        List<String> items = config.stringList(key);
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i).trim();
            try {
                long id = Long.parseLong(item);
                if (id < 0 || id > MAX_ID) {
                    throw new NumberFormatException();
                }
                ids.add(id);
            } catch (NumberFormatException e) {
                throw config.invalid(key + "[" + i + "]", "expected a numeric id from 0 to " + MAX_ID + "; got '" + item + "'");
            }
        }
        return ids;
    }

    /**
     * The most bytes of answers a connection may have unwritten, and one batch's answers may take:
     * room for several answers of the largest message.
     */
    long maxOutputBytes() {
        return Math.max(4L * maxMessageBytes, 4L << 20);
    }

    private static Duration timeout(PluginConfig config, String key, Duration defaultValue) {
        Duration timeout = config.duration(key, defaultValue);
        if (timeout.toMillis() < 10) {
            throw config.invalid(key, "must be at least 10ms; got " + PluginConfig.formatDuration(timeout));
        }
        return timeout;
    }
}
