package dev.hawkeye.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.GroupedRange;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.SeriesInfo;
import dev.hawkeye.api.metric.SeriesSelector;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.MonitorDefinition;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import dev.hawkeye.protocol.HawkeyeRpcHandler;
import dev.hawkeye.protocol.InvalidParamsException;
import dev.hawkeye.protocol.UnsupportedQueryException;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The API's decoding of query strings and bodies on any input: each request is answered 200 with
 * JSON or refused with a 4xx saying why, never failed inside (a 500), and only valid points reach
 * the sink.
 */
class ApiRequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PATHS = {"/api/v1/query", "/api/v1/query_range", "/api/v1/points", "/api/v1/status",
        "/api/v1/monitors/m/history"};

    @FuzzTest(maxDuration = "5m")
    void everyRequestIsAnsweredOrRefusedWithAReason(FuzzedDataProvider data) throws Exception {
        String path = PATHS[data.consumeInt(0, PATHS.length - 1)];
        String rawQuery = data.consumeString(400);
        byte[] body = data.consumeRemainingAsBytes();
        List<Point> recorded = new ArrayList<>();
        MetricSink sink = recorded::add;
        ApiEndpoints api = new ApiEndpoints(new HawkeyeRpcHandler(sink, QUERIES, Clock.systemUTC(),
                new HttpCounters(System.getLogger(ApiRequestFuzzTest.class.getName()))), true, QUERIES);

        Response response;
        try {
            Request request = new Request(path.equals("/api/v1/points") ? "POST" : "GET", path, Request.parseQuery(rawQuery), null);
            response = switch (path) {
                case "/api/v1/query" -> api.query(request);
                case "/api/v1/query_range" -> api.queryRange(request);
                case "/api/v1/points" -> api.points(request, body);
                case "/api/v1/status" -> api.status(request);
                default -> api.history(request);
            };
        } catch (HttpError e) {
            assertThat(e.status()).isBetween(400, 499);
            assertThat(e.getMessage()).isNotBlank();
            return;
        } catch (InvalidParamsException | InvalidPointException | UnsupportedQueryException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(response.status()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isNotNull();
        recorded.forEach(point -> assertThat(Double.isFinite(point.value())).isTrue());
    }

    /** Answers every read with nothing, as a store without data would. */
    private static final QueryService QUERIES = new QueryService() {
        @Override
        public GroupedValues query(SeriesSelector selector, List<String> by, Aggregate aggregate, Duration window) {
            return GroupedValues.NONE;
        }

        @Override
        public GroupedRange queryRange(SeriesSelector selector, List<String> by, Aggregate aggregate, Instant from, Instant to,
                                       Duration step, Duration window) {
            if (step.toMillis() % 1000 != 0 || Duration.between(from, to).dividedBy(step) > MAX_STEPS) {
                throw new IllegalArgumentException("refused as the core refuses it");
            }
            return new GroupedRange(Map.of(Map.of(), List.of(new GroupedRange.Step(to, 1))), 0);
        }

        @Override
        public List<SeriesInfo> series(SeriesSelector selector, Duration window, int limit) {
            return List.of();
        }

        @Override
        public List<MonitorDefinition> monitors() {
            return List.of(new MonitorDefinition("m", List.of(), "q", Duration.ofMinutes(5), List.of(), List.of()));
        }

        @Override
        public List<HistoryEvent> history(String monitor) {
            return List.of();
        }

        @Override
        public StatusReport status() {
            return new StatusReport(List.of(), Map.of());
        }
    };
}
