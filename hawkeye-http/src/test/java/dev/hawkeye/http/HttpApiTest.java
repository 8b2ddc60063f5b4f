package dev.hawkeye.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON API's contract, endpoint by endpoint, against a running hawkeye through a plain HTTP
 * client: the answers, and every error status with the reason it gives.
 */
class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningHawkeye running;
    /** A whole minute in the past, so that every point lies in closed buckets. */
    private static Instant base;

    @BeforeAll
    static void start() throws Exception {
        running = RunningHawkeye.start("", """
                notifiers: {console: {type: console}}
                monitors:
                  - name: orders-failing
                    metric: orders.failed
                    aggregate: count
                    window: 10m
                    evaluate_every: 1s
                    triggers: [{level: critical, when: "> 0", notify: [console]}]
                """);
        base = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60 - 120);
        for (int second = 0; second < 60; second++) {
            record("orders", Map.of("region", "eu", "service", "shop"), second);
            if (second % 2 == 0) {
                record("orders", Map.of("region", "us", "service", "shop"), second);
            }
        }
        record("orders.failed", Map.of(), 10);
        for (int host = 0; host < 30; host++) {
            record("fleet.up", Map.of("host", "h" + host), 30);
        }
        running.hawkeye().flush();
    }

    private static void record(String key, Map<String, String> tags, int second) {
        running.hawkeye().sink().record(new Point(Series.of(key, tags), MetricType.COUNTER, 1,
                base.plusSeconds(second).toEpochMilli()));
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void healthzIsOkWhileTheStoreAnswers() {
        HttpResponse<String> response = running.get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void statusIsTheDocumentOfStatusJson() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> json(running.get("/api/v1/status")).at("/monitors/0/state").asText(),
                "FIRING"::equals);

        JsonNode status = json(running.get("/api/v1/status"));

        assertThat(status.at("/monitors/0/name").asText()).isEqualTo("orders-failing");
        assertThat(status.at("/monitors/0/level").asText()).isEqualTo("critical");
        assertThat(status.at("/monitors/0/value").asDouble()).isEqualTo(1.0);
        assertThat(status.at("/monitors/0").has("last_notified")).isTrue();
        assertThat(status.at("/counters/points.accepted").asLong()).isEqualTo(121);
        assertThat(status.at("/counters").has("http.requests")).isTrue();
        assertThat(status.at("/store/available").asBoolean()).isTrue();
    }

    @Test
    void aMonitorsHistoryHoldsItsStateChangesAndNotificationsNewestFirst() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> json(running.get("/api/v1/monitors/orders-failing/history"))
                .get("events").size() >= 2);

        JsonNode history = json(running.get("/api/v1/monitors/orders-failing/history"));

        assertThat(history.get("monitor").asText()).isEqualTo("orders-failing");
        JsonNode notification = history.at("/events/0");
        assertThat(notification.get("kind").asText()).isEqualTo("NOTIFICATION");
        assertThat(notification.get("state").asText()).isEqualTo("FIRING");
        assertThat(notification.get("detail").asText()).startsWith("via console");
        JsonNode change = history.at("/events/1");
        assertThat(change.get("kind").asText()).isEqualTo("STATE");
        assertThat(change.get("detail").asText()).isEqualTo("OK → FIRING critical");
        assertThat(change.get("value").asDouble()).isEqualTo(1.0);
        assertError(running.get("/api/v1/monitors/orders-faling/history"), 404, "no monitor 'orders-faling'",
                "did you mean 'orders-failing'?");
        assertThat(json(running.get("/api/v1/monitors/orders-failing%7Bregion%3Deu%7D/history")).get("events")).isEmpty();
    }

    @Test
    void monitorsListsWhatEachMonitorWatchesAndJudges() throws Exception {
        JsonNode monitor = json(running.get("/api/v1/monitors")).at("/monitors/0");

        assertThat(monitor.get("name").asText()).isEqualTo("orders-failing");
        assertThat(monitor.at("/queries/0/metric").asText()).isEqualTo("orders.failed");
        assertThat(monitor.at("/queries/0/aggregate").asText()).isEqualTo("count");
        assertThat(monitor.get("window").asLong()).isEqualTo(600);
        assertThat(monitor.at("/thresholds/0/level").asText()).isEqualTo("critical");
        assertThat(monitor.at("/thresholds/0/comparison").asText()).isEqualTo(">");
        assertThat(monitor.at("/thresholds/0/threshold").asDouble()).isEqualTo(0.0);
    }

    @Test
    void queryMergesTheMatchedSeriesOrGroupsThemByTag() throws Exception {
        JsonNode merged = json(running.get("/api/v1/query?metric=orders&aggregate=count&window=10m&tag=service:shop"));
        JsonNode grouped = json(running.get("/api/v1/query?metric=orders&aggregate=count&window=10m&by=region"));
        JsonNode oneRegion = json(running.get("/api/v1/query?metric=orders&aggregate=count&window=10m&tag=region:u*"));

        assertThat(merged.get("value").asDouble()).isEqualTo(90.0);
        assertThat(merged.get("series").asInt()).isEqualTo(2);
        assertThat(grouped.at("/groups/0/tags/region").asText()).isEqualTo("eu");
        assertThat(grouped.at("/groups/0/value").asDouble()).isEqualTo(60.0);
        assertThat(grouped.at("/groups/1/tags/region").asText()).isEqualTo("us");
        assertThat(grouped.at("/groups/1/value").asDouble()).isEqualTo(30.0);
        assertThat(oneRegion.get("value").asDouble()).isEqualTo(30.0);
    }

    @Test
    void queryRangeGivesEachGroupItsValueAtEachStep() throws Exception {
        long from = base.getEpochSecond();
        JsonNode range = json(running.get("/api/v1/query_range?metric=orders&aggregate=count&by=region&step=10s&from="
                + from + "&to=" + base.plusSeconds(60)));

        assertThat(range.get("step").asLong()).isEqualTo(10);
        JsonNode eu = range.at("/groups/0");
        assertThat(eu.at("/tags/region").asText()).isEqualTo("eu");
        // [from, from + 10s) ends at from + 10: ten points of eu, five of us, in each of the six steps.
        assertThat(eu.get("values")).hasSize(6);
        assertThat(eu.at("/values/0/0").asLong()).isEqualTo(from + 10);
        assertThat(eu.at("/values/0/1").asDouble()).isEqualTo(10.0);
        assertThat(range.at("/groups/1/values/5/1").asDouble()).isEqualTo(5.0);
    }

    @Test
    void aWrongParameterIs400AndSaysWhatWasWrong() {
        assertError(running.get("/api/v1/query?aggregate=count&window=5m"), 400, "parameter 'metric' is required");
        assertError(running.get("/api/v1/query?metric=orders&agregate=count&window=5m"), 400,
                "unknown parameter 'agregate'", "did you mean 'aggregate'?");
        assertError(running.get("/api/v1/query?metric=orders&aggregate=avrage&window=5m"), 400, "avrage");
        assertError(running.get("/api/v1/query?metric=orders&aggregate=count&window=soon"), 400,
                "window must be a duration");
        assertError(running.get("/api/v1/query?metric=orders&aggregate=count&window=5m&tag=region"), 400,
                "tag must be name:matcher");
        assertError(running.get("/api/v1/query?metric=orders&aggregate=count&window=5m&window=1m"), 400, "given 2 times");
        assertError(running.get("/api/v1/query?metric=bad%20key&aggregate=count&window=5m"), 400, "key");
        assertError(running.get("/api/v1/query_range?metric=orders&aggregate=count&from=0&to=86400&step=1s"), 400,
                "86401 steps, more than 11000");
        long now = Instant.now().getEpochSecond();
        // Every step of the next 10,000 seconds reads the day before it: 30 groups × 10,001 steps.
        assertError(running.get("/api/v1/query_range?metric=fleet.up&aggregate=count&by=host&step=1s&window=1d&from="
                + now + "&to=" + (now + 10_000)), 400, "more than 250000 values", "30 groups so far");
        assertError(running.get("/api/v1/query_range?metric=orders&aggregate=count&from=yesterday&to=0&step=1s"), 400,
                "from must be RFC 3339 time");
        assertError(running.get("/api/v1/query_range?metric=orders&aggregate=count&from=2026-12-08T10:00:00Z"
                + "&to=2026-12-08T09:00:00Z&step=1m"), 400, "is before from");
    }

    @Test
    void anUnknownPathIs404AndAWrongMethod405() {
        assertError(running.get("/api/v1/nothing"), 404, "no endpoint /api/v1/nothing");
        HttpResponse<String> wrongMethod = running.post("/api/v1/status", "{}");
        assertError(wrongMethod, 405, "/api/v1/status takes GET, not POST");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void pointsPostedAreRecordedAndEachRefusedOneIsListed() throws Exception {
        long now = Instant.now().toEpochMilli();
        HttpResponse<String> response = running.post("/api/v1/points", "{\"points\": ["
                + "{\"key\": \"posted\", \"value\": 2, \"timestamp\": " + now + "},"
                + "{\"key\": \"posted\", \"value\": \"two\"},"
                + "{\"key\": \"posted\", \"value\": 3, \"timestamp\": " + now + "}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(answer.at("/rejected/0/field").asText()).isEqualTo("value");
        running.hawkeye().flush();
        assertThat(json(running.get("/api/v1/query?metric=posted&aggregate=sum&window=1m")).get("value").asDouble())
                .isEqualTo(5.0);
    }

    @Test
    void aBodyThatIsNotJsonOrTooLargeIsRefusedWhole() throws Exception {
        assertError(running.post("/api/v1/points", "{\"points\": [}"), 400, "the body is not JSON", "line 1");
        assertError(running.post("/api/v1/points", "{\"points\": [], \"points\": []}"), 400, "Duplicate field 'points'");
        assertError(running.post("/api/v1/points", ""), 400, "the body is empty");
        String huge = "{\"points\": [" + "{\"key\": \"big\"},".repeat(100_000) + "{\"key\": \"big\"}]}";
        assertError(running.post("/api/v1/points", huge), 413, "more than max_body_bytes (1048576)");
        assertThat(json(running.get("/api/v1/status")).at("/counters/http.bodies.oversize").asLong()).isPositive();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String... phrases) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error;
        try {
            error = JSON.readTree(response.body()).get("error");
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
        assertThat(error).as(response.body()).isNotNull();
        assertThat(error.asText()).contains(phrases);
    }
}
