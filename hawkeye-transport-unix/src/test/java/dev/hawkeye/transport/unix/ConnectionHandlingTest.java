package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.api.transport.StatusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the transport copes with many, slow, broken and greedy clients. */
class ConnectionHandlingTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"ping\"}";

    @TempDir
    Path dir;
    TransportFixture server;
    final List<RpcClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RpcClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void messagesBackToBackWithoutNewlinesAndSplitAcrossWritesAreAllAnswered() throws Exception {
        server = TransportFixture.start(dir);
        RpcClient client = connect();
        byte[] stream = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"a\",\"tags\":{\"t\":\"{[\\\"\"}}}"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"
                + "[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"record\",\"params\":{\"key\":\"b\",\"value\":2.5}}]")
                .getBytes(StandardCharsets.UTF_8);
        int[] cuts = {5, 17, 60, 61, 62, 100, 131, stream.length};
        int from = 0;
        for (int cut : cuts) {
            client.send(java.util.Arrays.copyOfRange(stream, from, cut));
            from = cut;
            TimeUnit.MILLISECONDS.sleep(20);
        }

        assertThat(client.read().get("id").asInt()).isEqualTo(1);
        assertThat(client.read().get("result").asText()).isEqualTo("pong");
        assertThat(client.read().get(0).get("id").asInt()).isEqualTo(3);
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("a", "b");
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderSent() throws IOException {
        server = TransportFixture.start(dir);
        RpcClient client = connect();
        StringBuilder requests = new StringBuilder();
        for (int id = 0; id < 500; id++) {
            requests.append(String.format(PING, id));
        }
        client.send(requests.toString());

        for (int id = 0; id < 500; id++) {
            assertThat(client.read().get("id").asInt()).isEqualTo(id);
        }
    }

    @Test
    void manyClientsSendingAtOnceLoseNoPoint() throws Exception {
        server = TransportFixture.start(dir, "workers", 4);
        StringBuilder batch = new StringBuilder("{\"jsonrpc\":\"2.0\",\"method\":\"recordBatch\",\"params\":{\"points\":[");
        for (int i = 0; i < 50; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"key\":\"load.test\",\"value\":").append(i).append('}');
        }
        byte[] hundredBatches = (batch + "]}}").repeat(100).getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<JsonNode>> senders = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            RpcClient client = connect();
            senders.add(CompletableFuture.supplyAsync(() -> {
                try {
                    client.send(hundredBatches);
                    return client.call(String.format(PING, 1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }

        for (CompletableFuture<JsonNode> sender : senders) {
            assertThat(sender.get(20, TimeUnit.SECONDS).get("result").asText()).isEqualTo("pong");
        }
        assertThat(server.sink.points()).hasSize(20 * 100 * 50);
    }

    @Test
    void aTwoMebibyteMessageIsAnsweredWithAnErrorAndItsConnectionClosedWhileOtherClientsGoOn() throws Exception {
        server = TransportFixture.start(dir);
        RpcClient bystander = connect();
        RpcClient greedy = connect();
        byte[] huge = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"" + "x".repeat(2 << 20) + "\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                greedy.send(huge);
            } catch (IOException expected) {
                // the server stops reading and closes the connection mid-write
            }
        });

        JsonNode answer = greedy.read();

        assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(answer.get("error").get("message").asText()).contains("too large").contains("1048576");
        assertThat(greedy.isClosedByServer()).isTrue();
        writing.get(10, TimeUnit.SECONDS);
        assertThat(bystander.call(String.format(PING, 7)).get("result").asText()).isEqualTo("pong");
        assertThat(server.counter(TransportCounter.MESSAGES_OVERSIZE)).isEqualTo(1);
        assertThat(server.sink.points()).isEmpty();
    }

    @Test
    void aHalfWrittenMessageFollowedByADisconnectIsDroppedQuietlyAndCounted() throws IOException {
        server = TransportFixture.start(dir);
        RpcClient bystander = connect();
        try (RpcClient quitter = server.connect()) {
            quitter.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"complete\"}}"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"hal");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> server.counter(TransportCounter.MESSAGES_INCOMPLETE) == 1);
        assertThat(bystander.call(String.format(PING, 1)).get("result").asText()).isEqualTo("pong");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sink.points().size() == 1);
        assertThat(server.sink.points().get(0).series().key()).isEqualTo("complete");
        assertThat(server.transport.openConnections()).isEqualTo(1);
    }

    @Test
    void aConnectionArrivingWhileAnotherKeepsItsSelectorBusyIsServedByTheOtherSelector() throws Exception {
        server = TransportFixture.start(dir, "selectors", 2);
        RpcClient busy = connect();
        // A record runs on its connection's selector thread, which the sink now holds.
        busy.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"hold.me\"}}\n");
        assertThat(server.sink.awaitHolding(Duration.ofSeconds(5))).isTrue();
        // A selector counts as busy once one of its turns has lasted a quarter of a second.
        TimeUnit.MILLISECONDS.sleep(400);

        RpcClient other = connect();
        try {
            assertThat(other.call(String.format(PING, 7)).get("result").asText()).isEqualTo("pong");
            assertThat(other.call("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"record\",\"params\":{\"key\":\"beside\"}}")
                    .get("result").get("accepted").asInt()).isEqualTo(1);
        } finally {
            server.sink.release();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.sink.points().size() == 2);
        assertThat(busy.call(String.format(PING, 9)).get("result").asText()).isEqualTo("pong");
    }

    @Test
    void connectionsShareTheFirstSelectorWhileItIsNotBusy() throws Exception {
        server = TransportFixture.start(dir, "selectors", 2);
        RpcClient first = connect();
        RpcClient second = connect();
        assertThat(first.call(String.format(PING, 1)).get("result").asText()).isEqualTo("pong");

        first.send("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":{\"key\":\"hold.me\"}}\n");
        assertThat(server.sink.awaitHolding(Duration.ofSeconds(5))).isTrue();
        try {
            // Held with the first: served by the same selector, so no answer while it is held.
            second.send(String.format(PING, 2) + "\n");
            assertThat(second.silentFor(500)).isTrue();
        } finally {
            server.sink.release();
        }
        assertThat(second.read().get("result").asText()).isEqualTo("pong");
    }

    @Test
    void aThousandClientsConnectedAtOnceAreAllAnsweredWithoutAThreadEach() throws IOException {
        server = TransportFixture.start(dir, "selectors", 2, "workers", 2);
        long threadsBefore = transportThreads();
        for (int i = 0; i < 1000; i++) {
            connect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.transport.openConnections() == 1000);

        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).send(String.format(PING, i) + "\n");
        }
        for (int i = 0; i < clients.size(); i++) {
            JsonNode answer = clients.get(i).read();
            assertThat(answer.get("id").asInt()).isEqualTo(i);
            assertThat(answer.get("result").asText()).isEqualTo("pong");
        }

        assertThat(threadsBefore).isEqualTo(4);
        assertThat(transportThreads()).isEqualTo(threadsBefore);
        assertThat(server.transport.openConnections()).isEqualTo(1000);
    }

    @Test
    void connectionsBeyondMaxConnectionsAreRefusedAndCounted() throws IOException {
        server = TransportFixture.start(dir, "max_connections", 2);
        RpcClient first = connect();
        RpcClient second = connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.transport.openConnections() == 2);

        RpcClient third = connect();

        assertThat(third.isClosedByServer()).isTrue();
        assertThat(server.counter(TransportCounter.CONNECTIONS_REFUSED)).isEqualTo(1);
        assertThat(first.call(String.format(PING, 1)).get("result").asText()).isEqualTo("pong");
        assertThat(second.call(String.format(PING, 2)).get("result").asText()).isEqualTo("pong");
    }

    @Test
    void aClientThatLeavesItsAnswersUnreadForTheWriteTimeoutIsDisconnectedAndCounted() throws IOException {
        server = TransportFixture.start(dir, "write_timeout", "300ms");
        RpcClient deaf = connect();
        CompletableFuture<Void> asking = keepSending(deaf, String.format(PING, 1) + "\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> server.counter(TransportCounter.CONNECTIONS_SLOW) == 1);
        await().atMost(Duration.ofSeconds(10)).until(asking::isDone);
        assertThat(server.transport.openConnections()).isZero();
        assertThat(connect().call(String.format(PING, 2)).get("result").asText()).isEqualTo("pong");
    }

    @Test
    void aClientThatSendsHalfAMessageForLongerThanTheReadTimeoutIsDisconnectedAndCountedWhileAPatientOneIsAnswered()
            throws Exception {
        server = TransportFixture.start(dir, "read_timeout", "500ms");
        RpcClient holder = connect();
        RpcClient slow = connect();
        holder.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"never.end");
        // A message that takes its time but arrives within the timeout, in pieces.
        slow.send("{\"jsonrpc\":\"2.0\",\"id\":2,");
        TimeUnit.MILLISECONDS.sleep(150);
        slow.send("\"method\":\"record\",");
        TimeUnit.MILLISECONDS.sleep(150);
        slow.send("\"params\":{\"key\":\"patient\"}}\n");

        assertThat(slow.read().get("result").get("accepted").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.counter(TransportCounter.CONNECTIONS_TIMED_OUT) == 1);
        assertThat(holder.read().get("error").get("message").asText()).contains("read_timeout (500 ms)");
        assertThat(holder.isClosedByServer()).isTrue();
        assertThat(slow.call(String.format(PING, 3)).get("result").asText()).isEqualTo("pong");
        assertThat(server.sink.points()).extracting(point -> point.series().key()).containsExactly("patient");
    }

    @Test
    void partialMessagesBeyondMaxPendingBytesCloseTheConnectionWhoseReadWentBeyondAndNoOther() throws Exception {
        server = TransportFixture.start(dir, "max_message_bytes", 100_000, "max_pending_bytes", 100_000);
        String start = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"record\",\"params\":{\"key\":\"";
        List<RpcClient> holders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RpcClient holder = connect();
            holder.send(start + "x".repeat(40_000));
            holders.add(holder);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> server.counter(TransportCounter.CONNECTIONS_OVER_PENDING) == 1);
        List<RpcClient> open = new ArrayList<>();
        for (RpcClient holder : holders) {
            try {
                holder.silentFor(300);
                open.add(holder);
            } catch (AssertionError told) {
                assertThat(told).hasMessageContaining("max_pending_bytes (100000 bytes)");
                assertThat(holder.isClosedByServer()).as("the one let go").isTrue();
            }
        }
        assertThat(open).as("two of the three still hold their partial message").hasSize(2);
        for (RpcClient holder : open) {
            // Their messages end: the key is too long for a point, but the message is framed and answered.
            assertThat(holder.send("\"}}\n").read().get("error").get("code").asInt()).isEqualTo(-32602);
        }
        assertThat(server.counter(TransportCounter.CONNECTIONS_OVER_PENDING)).isEqualTo(1);
    }

    @Test
    void anErrorOnASelectorThreadClosesItsConnectionsAndReachesTheProcesssUncaughtExceptionHandler() throws Exception {
        Queue<Throwable> handled = new ConcurrentLinkedQueue<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> handled.add(failure));
        try {
            server = TransportFixture.start(dir, "selectors", 1);
            RpcClient bystander = connect();
            assertThat(bystander.call(String.format(PING, 1)).get("result").asText()).isEqualTo("pong");
            RpcClient failing = connect();

            failing.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"record\",\"params\":{\"key\":\"fatal.point\"}}\n");

            // Read to the end: a connection left open would time out here instead.
            assertThat(failing.readLine()).isNull();
            assertThat(bystander.readLine()).isNull();
            // Awaitility would otherwise install its own handler while it waits, and fail with the error it catches.
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> !handled.isEmpty());
            assertThat(handled.peek()).isInstanceOf(StackOverflowError.class);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    @Test
    void theCallsOfABatchPastMaxBatchCallsAreAnsweredWithAnErrorEachAndNotRun() throws IOException {
        server = TransportFixture.start(dir, "max_batch_calls", 10);
        RpcClient client = connect();

        JsonNode answers = client.call(recordBatchOf(12));

        assertThat(answers).hasSize(12);
        for (int id = 0; id < 12; id++) {
            JsonNode answer = answers.get(id);
            assertThat(answer.get("id").asInt()).isEqualTo(id);
            if (id < 10) {
                assertThat(answer.has("result")).as("call %d: %s", id, answer).isTrue();
            } else {
                assertThat(answer.get("error").get("message").asText()).contains("not run")
                        .contains("max_batch_calls (10)");
            }
        }
        assertThat(server.sink.points()).hasSize(10);
        assertThat(server.counter(TransportCounter.CALLS_SKIPPED)).isEqualTo(2);
    }

    @Test
    void aBatchWhoseAnswersReachTheOutputLimitAnswersItsRemainingCallsWithAnErrorInsteadOfRunningThem() throws IOException {
        server = TransportFixture.start(dir);
        Map<String, Long> counters = new java.util.HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            counters.put("some.rather.long.counter.name.of.a.plugin.number." + i, (long) i);
        }
        server.queries.answer(new StatusReport(List.of(), counters));
        StringBuilder batch = new StringBuilder("[");
        for (int id = 0; id < 1_000; id++) {
            batch.append(id == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(id).append(",\"method\":\"status\"}");
        }
        RpcClient client = connect();

        String answer = client.send(batch.append("]\n").toString()).readLine();

        JsonNode answers = RpcClient.json(answer);
        assertThat(answers).hasSize(1_000);
        long run = 0;
        for (int id = 0; id < 1_000; id++) {
            JsonNode one = answers.get(id);
            assertThat(one.get("id").asInt()).isEqualTo(id);
            if (one.has("result")) {
                assertThat(run).as("the calls run are the first ones").isEqualTo(id);
                run++;
            } else {
                assertThat(one.get("error").get("message").asText()).contains("not run").contains("smaller batch");
            }
        }
        long limit = UnixTransportSettings.defaults(dir).maxOutputBytes();
        assertThat(run).isBetween(1L, 999L);
        assertThat((long) answer.length()).isLessThan(limit + limit / 4);
        assertThat(server.counter(TransportCounter.CALLS_SKIPPED)).isEqualTo(1_000 - run);
        assertThat(client.call(String.format(PING, 1)).get("result").asText()).isEqualTo("pong");
    }

    private static String recordBatchOf(int calls) {
        StringBuilder batch = new StringBuilder("[");
        for (int id = 0; id < calls; id++) {
            batch.append(id == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                    .append(",\"method\":\"record\",\"params\":{\"key\":\"batch.call\"}}");
        }
        return batch.append("]").toString();
    }

    @Test
    void aClientWhoseUnreadAnswersOutgrowTheOutputLimitIsDisconnectedAndCounted() throws IOException {
        server = TransportFixture.start(dir);
        List<MonitorStatus> monitors = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            monitors.add(new MonitorStatus("monitor-" + i, "OK", null, 0, "count(k" + i + ") over 1m >= 1", Instant.EPOCH, null));
        }
        server.queries.answer(new StatusReport(monitors, Map.of()));
        RpcClient deaf = connect();
        CompletableFuture<Void> asking = keepSending(deaf, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> server.counter(TransportCounter.CONNECTIONS_SLOW) == 1);
        await().atMost(Duration.ofSeconds(10)).until(asking::isDone);
        assertThat(server.transport.openConnections()).isZero();
    }

    @Test
    void peersOutsideTheAllowListAreRefusedAndCounted() throws IOException {
        int myUid = (Integer) Files.getAttribute(Files.createFile(dir.resolve("probe")), "unix:uid");
        server = TransportFixture.start(dir, "allow_uids", List.of(myUid + 1), "allow_gids", List.of(54321));

        RpcClient stranger = connect();

        assertThat(stranger.isClosedByServer()).isTrue();
        assertThat(server.counter(TransportCounter.CONNECTIONS_UNAUTHORIZED)).isEqualTo(1);
    }

    @Test
    void peersInTheAllowListAreServed() throws IOException {
        int myUid = (Integer) Files.getAttribute(Files.createFile(dir.resolve("probe")), "unix:uid");
        server = TransportFixture.start(dir, "allow_uids", List.of(myUid));

        assertThat(connect().call(String.format(PING, 1)).get("result").asText()).isEqualTo("pong");
    }

    @Test
    void aPeerIsServedForASupplementaryGroupInTheAllowList() throws Exception {
        // Giving a process a supplementary group takes CAP_SETGID: root, as CI runs.
        assumeTrue(System.getenv("CI") != null || "0".equals(String.valueOf(Files.getAttribute(dir, "unix:uid"))),
                "needs root (setpriv --groups) outside CI");
        int myUid = (Integer) Files.getAttribute(Files.createFile(dir.resolve("probe")), "unix:uid");
        server = TransportFixture.start(dir, "allow_uids", List.of(myUid + 1), "allow_gids", List.of(54321));
        Path client = dir.resolve("PingClient.java");
        try (var source = ConnectionHandlingTest.class.getResourceAsStream("PingClient.java")) {
            Files.copy(source, client);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        String withGroup = run("setpriv", "--groups", "54321", "--", java, client.toString(), server.path.toString());
        String without = run(java, client.toString(), server.path.toString());

        assertThat(withGroup).contains("\"result\":\"pong\"");
        assertThat(without).contains("closed");
        assertThat(server.counter(TransportCounter.CONNECTIONS_UNAUTHORIZED)).isEqualTo(1);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private RpcClient connect() throws IOException {
        RpcClient client = server.connect();
        clients.add(client);
        return client;
    }

    /** Sends the request over and over, never reading, until the server hangs up. */
    private static CompletableFuture<Void> keepSending(RpcClient client, String request) {
        byte[] many = request.repeat(100).getBytes(StandardCharsets.UTF_8);
        return CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    client.send(many);
                }
            } catch (IOException expected) {
                // disconnected by the server
            }
        });
    }

    private static long transportThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("hawkeye-unix-"))
                .count();
    }
}
