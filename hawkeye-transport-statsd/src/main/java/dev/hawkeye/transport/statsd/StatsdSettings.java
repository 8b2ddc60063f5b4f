package dev.hawkeye.transport.statsd;

import dev.hawkeye.api.config.PluginConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * The validated {@code transport:} section of a {@code statsd} transport. Immutable.
 *
 * @param udp                the UDP address to listen on, or null for none
 * @param unix               the Unix datagram socket's path, or null for none
 * @param mode               the socket file's permissions (sending needs write permission)
 * @param receiveBufferBytes the kernel receive buffer asked for each socket (the kernel may give
 *                           less: {@code net.core.rmem_max} caps it, and start-up says so)
 * @param maxDatagramBytes   the longest datagram read whole; the cut end of a longer one is refused
 */
public record StatsdSettings(InetSocketAddress udp, Path unix, Set<PosixFilePermission> mode, int receiveBufferBytes,
                             int maxDatagramBytes) {
    public static final String DEFAULT_UDP = "127.0.0.1:8125";
    public static final String DEFAULT_MODE = "0660";
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 8 << 20;
    /** The largest UDP payload, and DogStatsD's largest Unix datagram by far. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 65_535;
    /** The longest socket path the kernel takes ({@code sun_path} is 108 bytes with its NUL on Linux). */
    public static final int MAX_PATH_BYTES = 107;

    static final List<String> KEYS = List.of("udp", "unix", "mode", "receive_buffer_bytes", "max_datagram_bytes");

    public StatsdSettings {
        mode = Set.copyOf(mode);
    }

    /**
     * Validates a {@code transport:} section. Neither {@code udp} nor {@code unix}: UDP on
     * {@value #DEFAULT_UDP}.
     *
     * @throws dev.hawkeye.api.config.ConfigException naming every key that is unknown or cannot be used
     */
    public static StatsdSettings from(PluginConfig config) {
        config.rejectUnknownKeys(KEYS);
        Path unix = config.string("unix").map(Path::of).orElse(null);
        if (unix != null) {
            int bytes = unix.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_PATH_BYTES) {
                throw config.invalid("unix", "a Unix socket path must be at most " + MAX_PATH_BYTES + " bytes; '"
                        + unix.toAbsolutePath() + "' has " + bytes);
            }
        }
        InetSocketAddress udp = config.has("udp") || unix == null ? config.address("udp", DEFAULT_UDP) : null;
        return new StatsdSettings(udp, unix, config.fileMode("mode", DEFAULT_MODE),
                config.integer("receive_buffer_bytes", DEFAULT_RECEIVE_BUFFER_BYTES, 64 << 10, 1 << 30),
                config.integer("max_datagram_bytes", DEFAULT_MAX_DATAGRAM_BYTES, 512, 1 << 20));
    }
}
