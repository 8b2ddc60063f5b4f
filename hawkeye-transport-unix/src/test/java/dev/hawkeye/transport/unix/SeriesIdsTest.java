package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series ids: a {@code recordBatch} may define ids in its {@code "series"} for the rest of the
 * connection, and a point may then give {@code "series": id} instead of its key and tags.
 */
class SeriesIdsTest {
    private static final Series API = new Series("http.requests", Map.of("host", "web-1", "route", "/api"));
    private static final Series JOBS = new Series("jobs.done", Map.of());
    private static final String DEFINE_BOTH = "\"series\":[{\"id\":0,\"key\":\"http.requests\",\"tags\":{\"host\":\"web-1\","
            + "\"route\":\"/api\"}},{\"id\":1,\"key\":\"jobs.done\"}]";

    @TempDir
    Path dir;
    TransportFixture server;
    RpcClient client;

    @BeforeEach
    void start() throws IOException {
        server = TransportFixture.start(dir);
        client = server.connect();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private static String batch(int id, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"recordBatch\",\"params\":{" + params + "}}";
    }

    private List<Series> recordedSeries() {
        return server.sink.points().stream().map(Point::series).toList();
    }

    @Test
    void idsDefinedInOneBatchNameTheirSeriesInThatBatchAndTheLaterOnes() throws IOException {
        JsonNode first = client.call(batch(1, DEFINE_BOTH + ",\"points\":[{\"series\":0,\"value\":2,\"timestamp\":5},{\"series\":1}]"));
        JsonNode second = client.call(batch(2, "\"points\":[{\"series\":1,\"value\":3,\"type\":\"gauge\"},{\"series\":0}]"));

        assertThat(first.path("result").toString()).isEqualTo("{\"accepted\":2,\"rejected\":[]}");
        assertThat(second.path("result").toString()).isEqualTo("{\"accepted\":2,\"rejected\":[]}");
        assertThat(recordedSeries()).containsExactly(API, JOBS, JOBS, API);
        assertThat(server.sink.points().get(0).value()).isEqualTo(2);
        assertThat(server.sink.points().get(0).timestampMillis()).isEqualTo(5);
        assertThat(server.sink.points().get(2).type().wireName()).isEqualTo("gauge");
    }

    @Test
    void anUnknownIdRefusesItsPointNamingTheIdAndKeepsEveryOther() throws IOException {
        client.call(batch(1, DEFINE_BOTH + ",\"points\":[]"));

        JsonNode answer = client.call(batch(2, "\"points\":[{\"series\":0},{\"series\":7},{\"key\":\"plain.key\"},{\"series\":1}]"));

        assertThat(answer.path("result").path("accepted").asInt()).isEqualTo(3);
        JsonNode rejected = answer.path("result").path("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("index").asInt()).isEqualTo(1);
        assertThat(rejected.get(0).path("field").asText()).isEqualTo("series");
        assertThat(rejected.get(0).path("error").asText()).isEqualTo("series id 7 is not defined on this connection; "
                + "define it in the \"series\" of this recordBatch or of an earlier one");
        assertThat(recordedSeries()).containsExactly(API, Series.of("plain.key"), JOBS);
        assertThat(server.counter(TransportCounter.POINTS_INVALID)).isEqualTo(1);
    }

    @Test
    void anIdMayBeDefinedAgainWithItsSeriesButNotWithAnother() throws IOException {
        client.call(batch(1, DEFINE_BOTH + ",\"points\":[]"));

        JsonNode same = client.call(batch(2, "\"series\":[{\"id\":1,\"key\":\"jobs.done\"}],\"points\":[{\"series\":1}]"));
        JsonNode other = client.call(batch(3, "\"series\":[{\"id\":1,\"key\":\"jobs.failed\"}],"
                + "\"points\":[{\"series\":1},{\"series\":0}]"));
        JsonNode after = client.call(batch(4, "\"points\":[{\"series\":1}]"));

        assertThat(same.path("result").toString()).isEqualTo("{\"accepted\":1,\"rejected\":[]}");
        assertThat(other.path("result").path("accepted").asInt()).isEqualTo(1);
        assertThat(other.path("result").path("rejected").get(0).path("error").asText()).isEqualTo("series id 1 was not "
                + "defined by this recordBatch: series id 1 already names jobs.done on this connection; an id keeps its "
                + "series until the client reconnects");
        assertThat(after.path("result").toString()).isEqualTo("{\"accepted\":1,\"rejected\":[]}");
        assertThat(recordedSeries()).containsExactly(JOBS, API, JOBS);
        assertThat(server.counter(TransportCounter.SERIES_REFUSED)).isEqualTo(1);
    }

    @Test
    void anIdPastTheLimitIsRefusedNamingTheLimitAndTheRestOfTheBatchGoesThrough() throws IOException {
        JsonNode answer = client.call(batch(1, "\"series\":[{\"id\":100000,\"key\":\"too.many\"},{\"id\":99999,\"key\":\"last.one\"}],"
                + "\"points\":[{\"series\":100000},{\"series\":99999}]"));

        assertThat(answer.path("result").path("accepted").asInt()).isEqualTo(1);
        JsonNode rejection = answer.path("result").path("rejected").get(0);
        assertThat(rejection.path("index").asInt()).isZero();
        assertThat(rejection.path("error").asText()).contains("series id 100000 is out of range: a connection may define ids 0 to 99999 "
                + "(100000 series)");
        assertThat(recordedSeries()).containsExactly(Series.of("last.one"));
        assertThat(server.counter(TransportCounter.SERIES_REFUSED)).isEqualTo(1);
    }

    @Test
    void anInvalidDefinitionRefusesThePointsOfItsIdWithItsReason() throws IOException {
        JsonNode answer = client.call(batch(1, "\"series\":[{\"id\":3,\"key\":\"\"}],\"points\":[{\"series\":3},{\"key\":\"fine\"}]"));

        assertThat(answer.path("result").path("accepted").asInt()).isEqualTo(1);
        assertThat(answer.path("result").path("rejected").get(0).path("error").asText()).startsWith("series id 3 was not defined by "
                + "this recordBatch: key");
    }

    @Test
    void aPointNamesItsSeriesByKeyAndTagsOrById() throws IOException {
        JsonNode answer = client.call(batch(1, DEFINE_BOTH + ",\"points\":[{\"series\":1,\"key\":\"jobs.done\"}]"));

        assertThat(answer.path("result").path("rejected").get(0).path("error").asText())
                .isEqualTo("a point names its series by key and tags or by series, not both");
    }

    @Test
    void theIdsOfAConnectionAreItsOwn() throws IOException {
        client.call(batch(1, DEFINE_BOTH + ",\"points\":[]"));

        try (RpcClient other = server.connect()) {
            JsonNode answer = other.call(batch(2, "\"points\":[{\"series\":0}]"));
            assertThat(answer.path("result").path("rejected").get(0).path("error").asText())
                    .startsWith("series id 0 is not defined on this connection");
        }
    }

    @Test
    void idsDefinedOnTheGeneralPathServeTheFastPathAfterIt() throws IOException {
        // A batch array always takes the general path; the single call after it, the fast path.
        JsonNode calls = client.call("[" + batch(1, DEFINE_BOTH + ",\"points\":[{\"series\":0}]") + "]");
        JsonNode after = client.call(batch(2, "\"points\":[{\"series\":1},{\"series\":0}]"));
        JsonNode reordered = client.call("{\"params\":{\"points\":[{\"series\":1}]},\"id\":3,\"method\":\"recordBatch\"}");

        assertThat(calls.get(0).path("result").toString()).isEqualTo("{\"accepted\":1,\"rejected\":[]}");
        assertThat(after.path("result").toString()).isEqualTo("{\"accepted\":2,\"rejected\":[]}");
        assertThat(reordered.path("result").toString()).isEqualTo("{\"accepted\":1,\"rejected\":[]}");
        assertThat(recordedSeries()).containsExactly(API, JOBS, API, JOBS);
    }

    @Test
    void aRecordOfOnePointHasNoIds() throws IOException {
        client.call(batch(1, DEFINE_BOTH + ",\"points\":[]"));

        JsonNode answer = client.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"record\",\"params\":{\"series\":0}}");

        assertThat(answer.path("error").path("message").asText()).startsWith("unknown field 'series'");
    }
}
