package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A series' key and tags go once per connection; its points carry the series id given then. */
class SeriesIdsTest {
    @TempDir
    Path dir;
    private FakeHawkeyeServer server;
    private HawkeyeClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private HawkeyeClient.Builder fastRetrying() {
        return HawkeyeClient.builder().socket(dir.resolve("hawkeye.sock")).flushInterval(Duration.ofHours(1))
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    private List<JsonNode> batches() {
        return server.requests("recordBatch").stream().map(request -> request.path("params")).toList();
    }

    @Test
    void theFirstBatchOfASeriesDefinesItsIdAndEveryPointCarriesTheId() throws Exception {
        server = FakeHawkeyeServer.startOn(dir.resolve("hawkeye.sock"));
        client = fastRetrying().build();

        client.increment("jobs.done", "queue", "mail");
        client.increment("jobs.done", "queue", "mail");
        client.gauge("queue.depth", 4);
        assertThat(client.flush()).isTrue();
        client.increment("jobs.done", "queue", "mail");
        assertThat(client.flush()).isTrue();

        List<JsonNode> batches = batches();
        assertThat(batches.get(0).path("series").toString()).isEqualTo(
                "[{\"id\":0,\"key\":\"jobs.done\",\"tags\":{\"queue\":\"mail\"}},{\"id\":1,\"key\":\"queue.depth\"}]");
        assertThat(batches.get(0).path("points")).extracting(point -> point.path("series").asInt()).containsExactly(0, 0, 1);
        assertThat(batches.get(1).has("series")).isFalse();
        assertThat(batches.get(1).path("points").get(0).path("series").asInt()).isZero();
        assertThat(server.points()).extracting(point -> point.path("key").asText())
                .containsExactly("jobs.done", "jobs.done", "queue.depth", "jobs.done");
    }

    @Test
    void aNewConnectionKnowsNoIdsSoTheyAreDefinedAgainFromZero() throws Exception {
        server = FakeHawkeyeServer.startOn(dir.resolve("hawkeye.sock"));
        client = fastRetrying().build();
        client.increment("first.series");
        client.increment("second.series");
        assertThat(client.flush()).isTrue();

        server.dropConnectionOnNextBatches(1);
        client.increment("second.series");
        assertThat(client.flush()).isTrue();

        List<JsonNode> batches = batches();
        JsonNode resent = batches.get(batches.size() - 1);
        assertThat(resent.path("series").toString()).isEqualTo("[{\"id\":0,\"key\":\"second.series\"}]");
        assertThat(resent.path("points").get(0).path("series").asInt()).isZero();
        assertThat(server.points()).extracting(point -> point.path("key").asText())
                .containsExactly("first.series", "second.series", "second.series");
    }

    @Test
    void afterABatchIsRefusedWholeItsSeriesAreDefinedAgainUnderNewIds() throws Exception {
        server = FakeHawkeyeServer.startOn(dir.resolve("hawkeye.sock"));
        server.failWith("recordBatch", "{\"code\":-32602,\"message\":\"invalid params\"}");
        client = fastRetrying().build();
        client.increment("jobs.done");
        assertThat(client.flush()).isTrue();

        server.stopFailing("recordBatch");
        client.increment("jobs.done");
        assertThat(client.flush()).isTrue();

        List<JsonNode> batches = batches();
        assertThat(batches.get(1).path("series").toString()).isEqualTo("[{\"id\":1,\"key\":\"jobs.done\"}]");
    }

    @Test
    void aServerThatRefusesSeriesIdsGetsTheBatchAgainAndEverySeriesWholeFromThenOn() throws Exception {
        server = FakeHawkeyeServer.startOn(dir.resolve("hawkeye.sock"));
        server.refuseSeriesIds();
        client = fastRetrying().build();
        client.increment("jobs.done");
        assertThat(client.flush()).isTrue();
        client.increment("jobs.done");
        assertThat(client.flush()).isTrue();

        assertThat(batches()).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode again : batches().subList(1, batches().size())) {
            assertThat(again.has("series")).isFalse();
            assertThat(again.path("points").get(0).path("key").asText()).isEqualTo("jobs.done");
        }
        assertThat(client.rejectedPoints()).isZero();
    }
}
