package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.metric.MetricType;
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
 * {@code record} and {@code recordBatch} of the usual shape take the fast path ({@link RecordDecoder});
 * the same request with its members in another order takes the general path (jsonrpc4j). Both must
 * answer with the same bytes and record the same points.
 */
class FastPathTest {
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

    /** The answer to {@code {jsonrpc?, id?, method, params}} sent as is (fast) and with params first (general). */
    private void answersAlike(String version, String id, String method, String params) throws IOException {
        String head = (version == null ? "" : "\"jsonrpc\":\"" + version + "\",") + (id == null ? "" : "\"id\":" + id + ",");
        String fast = "{" + head + "\"method\":\"" + method + "\",\"params\":" + params + "}";
        String general = "{\"params\":" + params + "," + head + "\"method\":\"" + method + "\"}";

        String fastAnswer = client.send(fast + "\n").readLine();
        List<Point> fastPoints = server.sink.points();
        String generalAnswer = client.send(general + "\n").readLine();
        List<Point> allPoints = server.sink.points();

        assertThat(fastAnswer).as("fast path answer to %s", fast).isEqualTo(generalAnswer);
        assertThat(allPoints.subList(fastPoints.size(), allPoints.size())).as("points of %s", fast).isEqualTo(fastPoints.subList(
                fastPoints.size() - (allPoints.size() - fastPoints.size()), fastPoints.size()));
    }

    @Test
    void aRecordIsAnsweredAlikeInBothFormsWithEveryKindOfId() throws IOException {
        for (String id : new String[] {"1", "\"abc\"", "0", "-7", "12345678901", "null"}) {
            answersAlike("2.0", id, "record", "{\"key\":\"fast.a\",\"value\":2.5,\"type\":\"gauge\",\"timestamp\":1700000000000}");
            answersAlike(null, id.equals("null") ? "3" : id, "Hawkeye.Record", "[{\"key\":\"fast.b\",\"tags\":{\"host\":\"h-1\",\"az\":\"x\"}}]");
        }
    }

    @Test
    void aBatchIsAnsweredAlikeInBothForms() throws IOException {
        answersAlike("2.0", "9", "recordBatch", "{\"points\":[{\"key\":\"fast.c\"},{\"key\":\"fast.d\",\"value\":-1e3,"
                + "\"type\":\"histogram\",\"tags\":{\"t\":\"v\"},\"timestamp\":1700000000001},{\"key\":\"fast.e\",\"value\":null,"
                + "\"type\":null,\"tags\":null,\"timestamp\":null}]}");
        answersAlike(null, "\"go\"", "Hawkeye.RecordBatch", "[{\"points\":[]}]");
    }

    @Test
    void pointsTheSinkRefusesAreReportedAlike() throws IOException {
        answersAlike("2.0", "1", "recordBatch", "{\"points\":[{\"key\":\"ok.one\"},{\"key\":\"refused.one\"},{\"key\":\"ok.two\"}]}");
        answersAlike("2.0", "2", "record", "{\"key\":\"refused.two\"}");
        answersAlike(null, "3", "Hawkeye.Record", "[{\"key\":\"refused.three\"}]");
    }

    @Test
    void pointsTheSinkFailsOnAreReportedAlikeAndTheRestOfTheBatchIsRecorded() throws IOException {
        answersAlike("2.0", "1", "recordBatch", "{\"points\":[{\"key\":\"failing.one\"},{\"key\":\"ok.three\"},"
                + "{\"key\":\"refused.four\"},{\"key\":\"failing.two\"},{\"key\":\"ok.four\"}]}");
        answersAlike("2.0", "2", "record", "{\"key\":\"failing.three\"}");

        assertThat(server.sink.points()).extracting(point -> point.series().key())
                .containsExactly("ok.three", "ok.four", "ok.three", "ok.four");
        // Notifications get no answer, but their failures are counted all the same, on either path.
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"failing.quiet\"}}\n"
                + "{\"params\":{\"key\":\"failing.quiet\"},\"jsonrpc\":\"2.0\",\"method\":\"record\"}\n");
        JsonNode batch = client.call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"recordBatch\",\"params\":{\"points\":["
                + "{\"key\":\"ok.five\"},{\"key\":\"failing.four\"}]}}");
        assertThat(batch.at("/result/accepted").asInt()).isEqualTo(1);
        assertThat(batch.at("/result/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(batch.at("/result/rejected/0/error").asText()).isEqualTo("not recorded: the sink failed on failing.four (test)");
        // Counted on either path: each failed point of a batch (2 + 2 + 1) and each failed record (1 + 1 + 2 notifications).
        assertThat(server.counter(TransportCounter.REQUESTS_FAILED)).isEqualTo(9);
    }

    @Test
    void theFastPathRecordsTheFieldsAsSentAndStampsTheRestWithTheClock() throws IOException {
        client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"recordBatch\",\"params\":{\"points\":[{\"key\":\"k1\"},"
                + "{\"key\":\"k2\",\"value\":3,\"type\":\"histogram\",\"tags\":{\"b\":\"2\",\"a\":\"1\"},\"timestamp\":42}]}}");

        assertThat(server.sink.points()).containsExactly(
                new Point(Series.of("k1"), MetricType.COUNTER, 1, TransportFixture.NOW.toEpochMilli()),
                new Point(Series.of("k2", Map.of("a", "1", "b", "2")), MetricType.HISTOGRAM, 3, 42));
    }

    @Test
    void notificationsOnTheFastPathAreRecordedAndNeverAnswered() throws IOException {
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"quiet.fast\"}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"refused.quiet\"}}\n"
                + "{\"method\":\"Hawkeye.RecordBatch\",\"params\":[{\"points\":[{\"key\":\"quiet.v1\"}]}],\"id\":null}\n");

        assertThat(client.silentFor(300)).isTrue();
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("quiet.fast", "quiet.v1");
    }

    @Test
    void fastAndGeneralMessagesOnOneConnectionAreAnsweredInOrder() throws IOException {
        StringBuilder stream = new StringBuilder();
        for (int id = 0; id < 300; id++) {
            stream.append(id % 3 == 0
                    ? "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}"
                    : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"record\",\"params\":{\"key\":\"order." + id + "\"}}");
        }
        client.send(stream.toString());

        for (int id = 0; id < 300; id++) {
            assertThat(client.read().get("id").asInt()).isEqualTo(id);
        }
        assertThat(server.sink.points()).hasSize(200);
    }
}
