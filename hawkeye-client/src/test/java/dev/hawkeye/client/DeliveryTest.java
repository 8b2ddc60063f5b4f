package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {
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

    private Path socket() {
        return dir.resolve("hawkeye.sock");
    }

    private HawkeyeClient.Builder fastRetrying() {
        return HawkeyeClient.builder().socket(socket()).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    @Test
    void recordingNeverBlocksWhenNoServerListensAndCountsWhatItDrops() {
        client = fastRetrying().bufferSize(10).flushTimeout(Duration.ofMillis(200)).build();

        // A guard against a hang, not a timing: recording must return although nothing listens.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 25; i++) {
                client.increment("jobs.done");
            }
        });

        assertThat(client.bufferedPoints()).isEqualTo(10);
        assertThat(client.droppedPoints()).isEqualTo(15);
        assertThat(client.flush(Duration.ofMillis(100))).isFalse();
        client.close();
        assertThat(client.droppedPoints()).as("points still unsent at close are counted as dropped").isEqualTo(25);
        assertThat(client.bufferedPoints()).isZero();
    }

    @Test
    void deliversBufferedPointsExactlyOnceAfterTheServerRestarts() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        client = fastRetrying().build();
        client.gauge("queue.depth", 1);
        client.gauge("queue.depth", 2);
        assertThat(client.flush()).isTrue();

        server.stop();
        client.gauge("queue.depth", 3);
        client.gauge("queue.depth", 4);
        assertThat(client.flush(Duration.ofMillis(300))).as("nothing answers while the server is down").isFalse();
        assertThat(client.bufferedPoints()).isEqualTo(2);
        server.start();

        assertThat(client.flush()).isTrue();
        assertThat(server.values()).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(client.sentPoints()).isEqualTo(4);
        assertThat(client.droppedPoints()).isZero();
    }

    @Test
    void keepsPointsRecordedBeforeTheServerFirstStarts() throws Exception {
        client = fastRetrying().flushInterval(Duration.ofMillis(20)).build();
        client.increment("app.started");
        client.increment("app.started");

        server = FakeHawkeyeServer.startOn(socket());

        await().atMost(Duration.ofSeconds(5)).until(() -> server.points().size() == 2);
        assertThat(client.flush()).isTrue();
        assertThat(server.points()).hasSize(2);
    }

    @Test
    void sendsABatchAgainWhenTheConnectionBreaksBeforeItIsAnswered() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        server.dropConnectionOnNextBatches(1);
        client = fastRetrying().build();

        client.gauge("queue.depth", 1);
        client.gauge("queue.depth", 2);

        assertThat(client.flush()).isTrue();
        assertThat(server.requests("recordBatch")).hasSize(2);
        assertThat(server.values()).containsExactly(1.0, 2.0);
        assertThat(client.droppedPoints()).isZero();
    }

    @Test
    void closeSendsWhatIsBuffered() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        client = fastRetrying().flushInterval(Duration.ofHours(1)).build();
        client.increment("jobs.done");
        client.increment("jobs.done");
        client.increment("jobs.done");

        client.close();

        assertThat(server.points()).hasSize(3);
        assertThat(client.bufferedPoints()).isZero();
        assertThat(client.droppedPoints()).isZero();
    }

    @Test
    void pointsRecordedAfterCloseAreDroppedAndCounted() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        client = fastRetrying().build();
        client.close();

        client.increment("jobs.done");

        assertThat(client.droppedPoints()).isEqualTo(1);
        assertThat(server.points()).isEmpty();
    }

    @Test
    void countsPointsTheServerRejects() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        server.rejectPointsWhere(point -> point.path("key").asText().equals("conflicting.type"));
        client = fastRetrying().build();

        client.increment("jobs.done");
        client.gauge("conflicting.type", 3);
        client.increment("jobs.done");

        assertThat(client.flush()).isTrue();
        assertThat(client.sentPoints()).isEqualTo(2);
        assertThat(client.rejectedPoints()).isEqualTo(1);
        assertThat(client.bufferedPoints()).isZero();
    }

    @Test
    void countsABatchTheServerRefusesAsRejectedWithoutSendingItAgain() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        server.failWith("recordBatch", "{\"code\":-32602,\"message\":\"invalid params\",\"data\":\"points\"}");
        client = fastRetrying().build();

        client.increment("jobs.done");
        client.increment("jobs.done");

        assertThat(client.flush()).isTrue();
        assertThat(client.rejectedPoints()).isEqualTo(2);
        assertThat(client.sentPoints()).isZero();
        assertThat(server.requests("recordBatch")).hasSize(1);
    }

    @Test
    void sendsFromADaemonThreadNamedHawkeyeClientSender() {
        client = fastRetrying().build();

        List<Thread> senders = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("hawkeye-client-sender"))
                .toList();

        assertThat(senders).isNotEmpty().allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("hawkeye-client-sender")));
    }

    @Test
    void everyPointRecordedFromManyThreadsIsEitherAcceptedOrCountedAsDropped() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        client = fastRetrying().bufferSize(500).maxBatchSize(100).build();
        int threads = 4;
        int perThread = 5_000;

        List<Thread> recorders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String worker = "w" + t;
            Thread recorder = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    client.increment("jobs.done", "worker", worker);
                }
            });
            recorders.add(recorder);
            recorder.start();
        }
        for (Thread recorder : recorders) {
            recorder.join();
        }
        client.close();

        assertThat(server.points().size() + client.droppedPoints()).isEqualTo(threads * perThread);
        assertThat(client.sentPoints()).isEqualTo(server.points().size());
    }

    @Test
    void sendsTheNextFullBatchesBeforeThePreviousIsAnswered() throws Exception {
        server = FakeHawkeyeServer.on(socket());
        server.holdAnswersUntilBatches(3);
        client = fastRetrying().maxBatchSize(10).flushInterval(Duration.ofHours(1)).build();

        // Buffered before the server listens, so three full batches are waiting when the client
        // connects: whether the sender sends the next while the first is unanswered does not
        // depend on how fast this thread records.
        for (int i = 0; i < 30; i++) {
            client.gauge("queue.depth", i);
        }
        server.start();

        assertThat(client.flush()).isTrue();
        assertThat(server.mostBatchesUnanswered()).as("batches on their way at once").isEqualTo(3);
        assertThat(server.batchSizes()).containsExactly(10, 10, 10);
        assertThat(server.values()).hasSize(30).isSorted();
    }

    @Test
    void batchesInFlightWhenTheConnectionBreaksAreAllSentAgainInOrder() throws Exception {
        server = FakeHawkeyeServer.startOn(socket());
        server.holdAnswersUntilBatches(3);
        server.dropConnectionOnNextBatches(1);
        client = fastRetrying().maxBatchSize(10).flushInterval(Duration.ofHours(1)).build();

        List<Double> recorded = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            client.gauge("queue.depth", i);
            recorded.add((double) i);
        }

        assertThat(client.flush()).isTrue();
        assertThat(server.values()).isEqualTo(recorded);
        assertThat(client.sentPoints()).isEqualTo(30);
        assertThat(client.bufferedPoints()).isZero();
    }
}
