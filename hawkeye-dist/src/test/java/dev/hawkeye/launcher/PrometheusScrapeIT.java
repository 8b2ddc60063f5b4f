package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/hawkeye run --http ADDR} scraped every second by a real Prometheus (Debian's
 * {@code prometheus} package): the points a client posts to {@code /api/v1/points} come back from
 * Prometheus's own query API as {@code hawkeye_points_accepted_total}, and the console line names
 * the HTTP address.
 */
class PrometheusScrapeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void prometheusScrapesThePointsAcceptedThatWereSent() throws Exception {
        int httpPort = Processes.freeTcpPort();
        HawkeyeProcess hawkeye = distribution.start("run", "--config",
                distribution.writeConfig("monitors.yaml", "version: 2\nmonitors: []\n").toString(),
                "--socket", distribution.socket().toString(), "--http", "127.0.0.1:" + httpPort);
        assertThat(hawkeye.awaitStderrLine(line -> line.contains("console and API at http://127.0.0.1:" + httpPort + "/"),
                Duration.ofSeconds(30))).as(hawkeye.describe()).isNotNull();

        HttpResponse<String> posted = post("http://127.0.0.1:" + httpPort + "/api/v1/points", "{\"points\": ["
                + "{\"key\": \"orders\", \"value\": 1}, {\"key\": \"orders\", \"value\": 2}, {\"key\": \"orders\", \"value\": 3},"
                + "{\"key\": \"bad key\"}]}");
        assertThat(posted.body()).contains("\"accepted\":3");

        Process prometheus = startPrometheus(httpPort);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(prometheus.isAlive()).as("prometheus is running").isTrue();
                assertThat(queryPrometheus("hawkeye_points_accepted_total")).isEqualTo("3");
                assertThat(queryPrometheus("hawkeye_http_points_invalid_total")).isEqualTo("1");
                assertThat(queryPrometheus("up{job=\"hawkeye\"}")).isEqualTo("1");
            });
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    private int prometheusPort;

    private Process startPrometheus(int target) throws IOException {
        Path dir = distribution.workDir().resolve("prometheus");
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: hawkeye
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(target));
        prometheusPort = Processes.freeTcpPort();
        try {
            return new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        } catch (IOException missing) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("prometheus is required under CI (apt-get install prometheus)", missing);
            }
            assumeTrue(false, "prometheus is not installed: " + missing.getMessage());
            throw missing;
        }
    }

    /** The one sample's value of an instant query, or null without one. */
    private String queryPrometheus(String query) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort
                + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode result = JSON.readTree(response.body()).path("data").path("result");
        return result.size() == 1 ? result.get(0).path("value").get(1).asText() : null;
    }

    private static HttpResponse<String> post(String uri, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
