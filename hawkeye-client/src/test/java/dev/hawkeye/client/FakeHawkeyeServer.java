package dev.hawkeye.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A stand-in for the hawkeye server: answers the protocol's methods (JSON-RPC 2.0, one response
 * per line) on a Unix socket, records what it receives, and can be told to reject points, answer
 * with errors, drop a connection instead of answering, stop and start again.
 */
final class FakeHawkeyeServer implements AutoCloseable {
    private final Path socket;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> acceptedPoints = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> results = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> errors = new ConcurrentHashMap<>();
    private volatile boolean olderThanSeriesIds;
    private final AtomicInteger batchesToDropConnectionOn = new AtomicInteger();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile Predicate<JsonNode> rejectPoint = point -> false;
    /** Answers to recordBatch wait until this many recordBatch requests have come (or a few seconds passed). */
    private volatile int holdAnswersUntilBatches;
    private final AtomicInteger batchesReceived = new AtomicInteger();
    private final AtomicInteger batchesUnanswered = new AtomicInteger();
    private final AtomicInteger mostBatchesUnanswered = new AtomicInteger();
    private AFUNIXServerSocket server;
    private Thread acceptor;

    private FakeHawkeyeServer(Path socket) {
        this.socket = socket;
    }

    static FakeHawkeyeServer startOn(Path socket) throws IOException {
        FakeHawkeyeServer fake = on(socket);
        fake.start();
        return fake;
    }

    /** A server for {@code socket} that a test configures first and then {@link #start()}s. */
    static FakeHawkeyeServer on(Path socket) {
        return new FakeHawkeyeServer(socket);
    }

    synchronized void start() throws IOException {
        server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(socket), true);
        AFUNIXServerSocket listening = server;
        acceptor = new Thread(() -> acceptLoop(listening), "fake-hawkeye-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes the listening socket (removing the file) and every connection, as a crashed server would. */
    synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Points matching {@code predicate} are rejected with the error {@code "rejected by test: <key>"}. */
    void rejectPointsWhere(Predicate<JsonNode> predicate) {
        rejectPoint = predicate;
    }

    /** Answers {@code method} with {@code result} (a JSON text). */
    void answer(String method, String result) throws IOException {
        results.put(method, mapper.readTree(result));
    }

    /** Answers {@code method} with this error object (a JSON text). */
    void failWith(String method, String error) throws IOException {
        errors.put(method, mapper.readTree(error));
    }

    /** Answers as a server older than series ids does: a {@code recordBatch} that names series by id is refused whole. */
    void refuseSeriesIds() {
        olderThanSeriesIds = true;
    }

    /** Answers {@code method} as usual again after {@link #failWith}. */
    void stopFailing(String method) {
        errors.remove(method);
    }

    /** For the next {@code count} {@code recordBatch} requests, close the connection instead of recording and answering. */
    void dropConnectionOnNextBatches(int count) {
        batchesToDropConnectionOn.set(count);
    }

    /**
     * Holds back the answers to {@code recordBatch} until {@code batches} of them have come in (at
     * most five seconds), so that a client sending one batch at a time is told apart from one that
     * sends the next before the previous is answered.
     */
    void holdAnswersUntilBatches(int batches) {
        holdAnswersUntilBatches = batches;
    }

    /** The most {@code recordBatch} requests that had come in and were not yet answered, at any moment. */
    int mostBatchesUnanswered() {
        return mostBatchesUnanswered.get();
    }

    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    List<JsonNode> requests(String method) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode request : requests) {
            if (method.equals(request.path("method").asText())) {
                matching.add(request);
            }
        }
        return matching;
    }

    /**
     * The points recorded (accepted), in the order received, as the server reads them: with the
     * protocol's defaults filled in ({@code "value": 1}, {@code "type": "counter"}) and the value
     * as a double, so that a test need not care which form the client chose.
     */
    List<JsonNode> points() {
        List<JsonNode> points = new ArrayList<>();
        for (JsonNode wire : acceptedPoints) {
            ObjectNode point = JsonNodeFactory.instance.objectNode();
            point.put("key", wire.path("key").asText());
            point.put("value", wire.path("value").asDouble(1));
            point.put("type", wire.path("type").asText("counter"));
            if (wire.has("tags")) {
                point.set("tags", wire.get("tags"));
            }
            if (wire.has("timestamp")) {
                point.set("timestamp", wire.get("timestamp"));
            }
            points.add(point);
        }
        return points;
    }

    /**
     * The points recorded (accepted), in the order received, as they came on the wire, except that a
     * series id is replaced by the key and tags it was defined with.
     */
    List<JsonNode> wirePoints() {
        return List.copyOf(acceptedPoints);
    }

    /** The values of the accepted points, in the order received. */
    List<Double> values() {
        List<Double> values = new ArrayList<>();
        for (JsonNode point : acceptedPoints) {
            values.add(point.path("value").asDouble(1));
        }
        return values;
    }

    List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    private void acceptLoop(AFUNIXServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket connection = listening.accept();
                connections.add(connection);
                Thread reader = new Thread(() -> serve(connection), "fake-hawkeye-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Reads the connection's requests on a thread of their own, so that requests sent back to back
     * are seen as they come even while an answer is held back, and answers them in order.
     */
    private void serve(Socket connection) {
        java.util.concurrent.BlockingQueue<JsonNode> incoming = new java.util.concurrent.LinkedBlockingQueue<>();
        JsonNode end = mapper.nullNode();
        Thread reader = new Thread(() -> {
            try (MappingIterator<JsonNode> messages = mapper.readerFor(JsonNode.class).readValues(connection.getInputStream())) {
                while (messages.hasNextValue()) {
                    JsonNode request = messages.nextValue();
                    if ("recordBatch".equals(request.path("method").asText())) {
                        batchesReceived.incrementAndGet();
                        mostBatchesUnanswered.accumulateAndGet(batchesUnanswered.incrementAndGet(), Math::max);
                    }
                    incoming.add(request);
                }
            } catch (IOException | RuntimeException e) {
                // The client went away or the server was stopped: nothing more comes.
            } finally {
                incoming.add(end);
            }
        }, "fake-hawkeye-reader");
        reader.setDaemon(true);
        reader.start();
        // The connection's series ids, to their definitions.
        Map<Integer, JsonNode> ids = new HashMap<>();
        try (connection) {
            OutputStream out = connection.getOutputStream();
            while (true) {
                JsonNode request = incoming.take();
                if (request == end) {
                    return;
                }
                requests.add(request);
                boolean batch = "recordBatch".equals(request.path("method").asText());
                if (batch && batchesToDropConnectionOn.getAndDecrement() > 0) {
                    batchesUnanswered.decrementAndGet();
                    return;
                }
                if (batch) {
                    awaitHeldBatches();
                }
                JsonNode response = respond(request, ids);
                if (batch) {
                    batchesUnanswered.decrementAndGet();
                }
                if (request.has("id")) {
                    out.write(mapper.writeValueAsString(response).concat("\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or the server was stopped: this connection is over.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(connection);
        }
    }

    private void awaitHeldBatches() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (batchesReceived.get() < holdAnswersUntilBatches && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private JsonNode respond(JsonNode request, Map<Integer, JsonNode> ids) {
        String method = request.path("method").asText();
        ObjectNode response = mapper.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        if (errors.containsKey(method)) {
            response.set("error", errors.get(method));
            return response;
        }
        JsonNode params = request.path("params");
        if (olderThanSeriesIds && method.equals("recordBatch") && (params.has("series")
                || params.path("points").findValue("series") != null)) {
            response.putObject("error").put("code", -32602).put("message", "unknown field 'series'; expected points")
                    .putObject("data").put("field", "series");
            return response;
        }
        switch (method) {
            case "recordBatch":
                batchSizes.add(params.path("points").size());
                for (JsonNode definition : params.path("series")) {
                    ids.put(definition.path("id").asInt(), definition);
                }
                response.set("result", record(withSeries(params.path("points"), ids)));
                break;
            case "record":
                response.set("result", record(mapper.createArrayNode().add(params)));
                break;
            case "ping":
                response.put("result", "pong");
                break;
            case "query":
            case "series":
            case "status":
                response.set("result", results.getOrDefault(method, mapper.nullNode()));
                break;
            default:
                response.putObject("error").put("code", -32601).put("message", "method not found: " + method);
                break;
        }
        return response;
    }

    /** The points with each {@code "series": id} replaced by the key and tags of its definition. */
    private ArrayNode withSeries(JsonNode points, Map<Integer, JsonNode> ids) {
        ArrayNode resolved = mapper.createArrayNode();
        for (JsonNode point : points) {
            if (!point.has("series")) {
                resolved.add(point);
                continue;
            }
            JsonNode definition = ids.get(point.path("series").asInt());
            ObjectNode whole = resolved.addObject();
            if (definition == null) {
                whole.put("key", "undefined series " + point.path("series").asText());
            } else {
                whole.set("key", definition.get("key"));
            }
            // In the order of the whole form: key, value, type, tags, timestamp.
            point.properties().forEach(field -> {
                if (!field.getKey().equals("series") && !field.getKey().equals("timestamp")) {
                    whole.set(field.getKey(), field.getValue());
                }
            });
            if (definition != null && definition.has("tags")) {
                whole.set("tags", definition.get("tags"));
            }
            if (point.has("timestamp")) {
                whole.set("timestamp", point.get("timestamp"));
            }
        }
        return resolved;
    }

    private ObjectNode record(JsonNode points) {
        ObjectNode result = mapper.createObjectNode();
        ArrayNode rejected = mapper.createArrayNode();
        int accepted = 0;
        for (int i = 0; i < points.size(); i++) {
            JsonNode point = points.get(i);
            if (rejectPoint.test(point)) {
                rejected.addObject().put("index", i).put("error", "rejected by test: " + point.path("key").asText());
            } else {
                acceptedPoints.add(point);
                accepted++;
            }
        }
        result.put("accepted", accepted);
        result.set("rejected", rejected);
        return result;
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
