package dev.hawkeye.http;

import dev.hawkeye.api.config.PluginConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The validated {@code http:} section. Immutable.
 *
 * @param listen                where to listen
 * @param listenGiven           whether {@code listen} was written (or given by {@code --http});
 *                              when it was not and the default port is taken, the daemon runs
 *                              without HTTP rather than fail
 * @param authToken             the bearer token every endpoint but {@code /healthz} requires, or
 *                              null for none
 * @param allowUnauthenticated  whether to listen beyond loopback without a token
 * @param exposeSeries          whether {@code /metrics} also exposes the series hawkeye holds
 * @param maxBodyBytes          the largest request body accepted (413 beyond it)
 * @param maxConcurrentRequests requests handled at once; more are answered 503 at once
 * @param requestTimeout        how long a client may take to send its request, and to read the
 *                              answer, before its connection is closed (one value for the process:
 *                              the JDK's server reads it once)
 */
public record HttpSettings(InetSocketAddress listen, boolean listenGiven, String authToken, boolean allowUnauthenticated,
                           boolean exposeSeries, int maxBodyBytes, int maxConcurrentRequests, Duration requestTimeout) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:9466";
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static final List<String> KEYS = List.of("listen", "auth_token", "allow_unauthenticated", "expose_series",
            "max_body_bytes", "max_concurrent_requests", "request_timeout");

    /**
     * Validates an {@code http:} section.
     *
     * @throws dev.hawkeye.api.config.ConfigException naming every key that is unknown or cannot be
     *                                                used, and a non-loopback address without a token
     */
    public static HttpSettings from(PluginConfig config) {
        config.rejectUnknownKeys(KEYS);
        boolean listenGiven = config.has("listen");
        InetSocketAddress listen = config.address("listen", DEFAULT_LISTEN);
        String token = config.string("auth_token").filter(value -> !value.isBlank()).orElse(null);
        boolean allowUnauthenticated = config.bool("allow_unauthenticated", false);
        if (token == null && !allowUnauthenticated && !listen.getAddress().isLoopbackAddress()) {
            throw config.invalid("listen", "listening on " + listen.getAddress().getHostAddress() + " (beyond loopback)"
                    + " needs an auth_token, or allow_unauthenticated: true to serve anyone who can reach it");
        }
        return new HttpSettings(listen, listenGiven, token, allowUnauthenticated, config.bool("expose_series", false),
                config.integer("max_body_bytes", DEFAULT_MAX_BODY_BYTES, 1024, 64 << 20),
                config.integer("max_concurrent_requests", DEFAULT_MAX_CONCURRENT_REQUESTS, 1, 1024),
                config.duration("request_timeout", DEFAULT_REQUEST_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
