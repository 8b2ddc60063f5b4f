package dev.hawkeye.http;

import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A hawkeye started in this JVM with the memory store, no socket transport and the HTTP server on a
 * free loopback port, and a plain HTTP client for it.
 */
final class RunningHawkeye implements AutoCloseable {
    /** Every server of these tests has the same timeout: the JDK server reads it once per process. */
    static final String REQUEST_TIMEOUT = "2s";

    private final PluginManager plugins;
    private final Hawkeye hawkeye;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private RunningHawkeye(PluginManager plugins, Hawkeye hawkeye) {
        this.plugins = plugins;
        this.hawkeye = hawkeye;
    }

    /** Starts with {@code http} as the {@code http:} section's inner keys and {@code rest} as more of the file. */
    static RunningHawkeye start(String http, String rest, boolean server, boolean agent) throws IOException {
        PluginManager plugins = PluginManager.load(null, RunningHawkeye.class.getClassLoader());
        try {
            Hawkeye hawkeye = Hawkeye.builder().config(config(http, rest)).plugins(plugins).server(server).agent(agent).start();
            return new RunningHawkeye(plugins, hawkeye);
        } catch (IOException | RuntimeException e) {
            plugins.close();
            throw e;
        }
    }

    static RunningHawkeye start(String http, String rest) throws IOException {
        return start(http, rest, true, true);
    }

    /** Starts with no {@code http:} section: the server on its default address. */
    static RunningHawkeye startWithDefaultHttp(String rest) throws IOException {
        PluginManager plugins = PluginManager.load(null, RunningHawkeye.class.getClassLoader());
        HawkeyeConfig config = new ConfigLoader(new Environment(Map.of())).parse("version: 2\n" + rest, "monitors.yaml")
                .withTransports(List.of());
        try {
            return new RunningHawkeye(plugins, Hawkeye.builder().config(config).plugins(plugins).start());
        } catch (IOException | RuntimeException e) {
            plugins.close();
            throw e;
        }
    }

    static HawkeyeConfig config(String http, String rest) {
        String yaml = "version: 2\n"
                + "http: {" + (http.contains("listen:") ? "" : "listen: \"127.0.0.1:0\", ") + "request_timeout: " + REQUEST_TIMEOUT
                + (http.isEmpty() ? "" : ", " + http) + "}\n"
                + "ingest: {resolution: 1s}\n"
                + rest;
        return new ConfigLoader(new Environment(Map.of())).parse(yaml, "monitors.yaml").withTransports(List.of());
    }

    Hawkeye hawkeye() {
        return hawkeye;
    }

    URI uri(String pathAndQuery) {
        return URI.create(hawkeye.httpAddress().replaceAll("/$", "") + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, String body, String... headers) {
        return send(request(pathAndQuery, headers).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    @Override
    public void close() {
        hawkeye.close();
        plugins.close();
    }
}
