package dev.hawkeye.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} as Prometheus reads it: hawkeye's counters, levels and monitor states, the JVM's
 * memory and GC, OpenMetrics when asked for, and the series themselves with {@code expose_series};
 * every variant passes {@code promtool check metrics}.
 */
class MetricsTest {
    private static final String MONITORS = """
            notifiers: {console: {type: console}}
            monitors:
              - name: checkout-errors
                metric: http.errors
                aggregate: count
                window: 1m
                group_by: [region]
                triggers: [{level: warning, when: "> 100", notify: [console]}]
            """;

    @Test
    void hawkeyesOwnFiguresAndTheJvmsInTheTextFormat() throws Exception {
        try (RunningHawkeye running = RunningHawkeye.start("", MONITORS)) {
            record(running, "http.errors", Map.of("region", "eu"));
            running.hawkeye().flush();

            HttpResponse<String> response = running.get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("text/plain; version=0.0.4"));
            assertThat(response.body())
                    .contains("# TYPE hawkeye_points_accepted_total counter", "hawkeye_points_accepted_total 1.0")
                    .contains("# TYPE hawkeye_batches_pending gauge")
                    .contains("hawkeye_store_available 1.0")
                    .contains("jvm_memory_used_bytes{area=\"heap\"}", "jvm_gc_collection_seconds")
                    .doesNotContain("http_errors{");
            promtoolAccepts(response.body());
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        try (RunningHawkeye running = RunningHawkeye.start("", MONITORS)) {
            HttpResponse<String> response = running.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");

            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("application/openmetrics-text"));
            assertThat(response.body()).endsWith("# EOF\n").contains("hawkeye_points_accepted_total 0");
        }
    }

    @Test
    void withExposeSeriesEachSeriesIsAGaugeOfItsLastValue() throws Exception {
        try (RunningHawkeye running = RunningHawkeye.start("expose_series: true", MONITORS)) {
            record(running, "http.errors", Map.of("region", "eu", "host", "web-1"));
            record(running, "http.errors", Map.of("region", "us", "host", "web-2"));
            record(running, "queue.depth", Map.of("queue.name", "jobs"));
            running.hawkeye().flush();

            String body = running.get("/metrics").body();

            assertThat(body).contains("# TYPE http_errors gauge", "http_errors{host=\"web-1\",region=\"eu\"} 1.0",
                    "http_errors{host=\"web-2\",region=\"us\"} 1.0", "queue_depth{queue_name=\"jobs\"} 1.0");
            promtoolAccepts(body);
        }
    }

    private static void record(RunningHawkeye running, String key, Map<String, String> tags) {
        running.hawkeye().sink().record(new Point(Series.of(key, tags), MetricType.COUNTER, 1, Instant.now().toEpochMilli()));
    }

    /** {@code promtool check metrics} (Debian's prometheus package): required under CI, skipped elsewhere without it. */
    static void promtoolAccepts(String exposition) throws IOException, InterruptedException {
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException missing) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("promtool is required under CI (apt-get install prometheus)", missing);
            }
            assumeTrue(false, "promtool is not installed: " + missing.getMessage());
            return;
        }
        try (var in = promtool.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
    }
}
