package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.googlecode.jsonrpc4j.ErrorResolver;
import com.googlecode.jsonrpc4j.JsonRpcBasicServer;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.protocol.HawkeyeRpc;
import dev.hawkeye.protocol.HawkeyeRpcHandler;
import dev.hawkeye.protocol.JsonTypes;
import dev.hawkeye.protocol.SeriesTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers one message of the wire protocol: a request, a notification or a batch, in JSON-RPC 2.0
 * or 1.0 form. Thread-safe; called by the workers.
 *
 * <p><b>Why jsonrpc4j does only part of the work.</b> jsonrpc4j's {@link JsonRpcBasicServer}
 * invokes the {@link HawkeyeRpc} methods by name, converts their params and results, and maps
 * their exceptions to error objects (through {@link RpcErrorResolver}); that is what it is used
 * for. It cannot produce the rest of the protocol exactly: it answers every request in 2.0 form
 * (a {@code jsonrpc} member and an error object), where a 1.0 request must get
 * {@code {"id", "result", "error": "<string>"}}; it answers failed notifications and puts
 * {@code null} entries for notifications in batch answers; it answers an empty batch with
 * {@code []}; it reads ids of other types lossily; and it knows neither the {@code Hawkeye.Record}
 * aliases nor an array holding the params object. So this class checks the envelope, splits
 * batches, resolves the method name, unwraps the params, hands jsonrpc4j one clean 2.0 request per
 * call, and writes the answer back in the form (and with the id) the client used.
 *
 * <p><b>The fast path.</b> Most messages are {@code record} and {@code recordBatch} calls, which
 * {@link RecordDecoder} has already read into points ({@link Frame.Records}): those go straight to
 * the sink, without a tree, reflection or jsonrpc4j, and are answered with the same bytes the
 * general path would write (the same {@link #result}, {@link #error} and
 * {@link RpcErrorResolver}). Everything else takes the general path.
 */
final class RpcDispatcher {
    /** Every method name and alias the protocol knows, to the method it means. */
    static final Map<String, String> METHODS = Map.ofEntries(
            Map.entry("record", "record"), Map.entry("Hawkeye.Record", "record"),
            Map.entry("recordBatch", "recordBatch"), Map.entry("Hawkeye.RecordBatch", "recordBatch"),
            Map.entry("query", "query"), Map.entry("Hawkeye.Query", "query"),
            Map.entry("queryRange", "queryRange"), Map.entry("Hawkeye.QueryRange", "queryRange"),
            Map.entry("series", "series"), Map.entry("Hawkeye.Series", "series"),
            Map.entry("status", "status"), Map.entry("Hawkeye.Status", "status"),
            Map.entry("ping", "ping"), Map.entry("Hawkeye.Ping", "ping"));
    private static final Set<String> WITHOUT_PARAMS = Set.of("status", "ping");
    /** Methods that only answer: not worth running for a client that is gone. */
    private static final Set<String> READ_ONLY = Set.of("query", "queryRange", "series", "status", "ping");

    private static final Method RECORD_METHOD;
    private static final Method RECORD_BATCH_METHOD;

    static {
        try {
            RECORD_METHOD = HawkeyeRpc.class.getMethod("record", JsonNode.class);
            RECORD_BATCH_METHOD = HawkeyeRpc.class.getMethod("recordBatch", JsonNode.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ObjectMapper mapper;
    /** Reads a tree but refuses a field met twice in one object, which {@link #mapper} would keep the last of. */
    private final ObjectReader strictTrees;
    private final Invoker invoker;
    private final HawkeyeRpcHandler handler;
    private final MetricSink sink;
    private final RpcErrorResolver errors;
    private final TransportCounters counters;
    private final int maxBatchCalls;
    private final long maxAnswerBytes;

    /** @param settings gives the limits of a batch: its calls ({@code max_batch_calls}) and its answers' bytes */
    RpcDispatcher(ObjectMapper mapper, HawkeyeRpcHandler handler, MetricSink sink, TransportCounters counters,
                  UnixTransportSettings settings) {
        this.mapper = mapper;
        this.strictTrees = mapper.reader(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.maxBatchCalls = settings.maxBatchCalls();
        this.maxAnswerBytes = settings.maxOutputBytes();
        this.errors = new RpcErrorResolver(counters);
        this.invoker = new Invoker(mapper, handler, errors);
        this.handler = handler;
        this.sink = sink;
        this.counters = counters;
    }

    /**
     * Executes a frame and returns the bytes to send back, newline-terminated, or {@code null}
     * when nothing is answered.
     *
     * @param clientGone the connection is closed: its points are still recorded, but requests that
     *                   only read are skipped and nothing is returned
     * @param ids        the connection's series ids, which {@code recordBatch} calls define and use
     */
    byte[] respond(Frame frame, boolean clientGone, SeriesTable ids) {
        if (frame instanceof Frame.Records) {
            Object response = record((Frame.Records) frame);
            if (response == null || clientGone) {
                return null;
            }
            return response instanceof byte[] ? (byte[]) response : bytes((JsonNode) response);
        }
        if (clientGone) {
            if (frame instanceof Frame.Message) {
                answer(((Frame.Message) frame).json(), false, ids);
            }
            return null;
        }
        Object response;
        if (frame instanceof Frame.Message) {
            response = answer(((Frame.Message) frame).json(), true, ids);
        } else if (frame instanceof Frame.Malformed) {
            response = error(true, NullNode.getInstance(), RpcErrors.PARSE_ERROR,
                    "parse error: " + ((Frame.Malformed) frame).reason(), null);
        } else {
            long limit = ((Frame.Oversize) frame).limit();
            response = error(true, NullNode.getInstance(), RpcErrors.INVALID_REQUEST,
                    "message too large: more than max_message_bytes (" + limit + " bytes); closing the connection",
                    Map.of("limit", limit));
        }
        return response == null ? null : response instanceof byte[] ? (byte[]) response : bytes((JsonNode) response);
    }

    /**
     * The -32600 error, newline-terminated, sent to a connection the transport closes for what it
     * holds of a message (too long to arrive, or too many bytes held across connections).
     */
    byte[] closing(String reason, long limit) {
        return bytes(error(true, NullNode.getInstance(), RpcErrors.INVALID_REQUEST, reason + "; closing the connection",
                Map.of("limit", limit)));
    }

    /**
     * The fast path: records the points and answers as {@link HawkeyeRpcHandler} and jsonrpc4j
     * would (a refused point of a {@code recordBatch} is listed; a refused {@code record} is an
     * error with the field): the answer's bytes when every point was accepted, else its tree;
     * {@code null} for a notification.
     */
    private Object record(Frame.Records call) {
        Point[] points = call.points();
        // One call for the whole message: the sink reads its clock and counts once, not per point.
        List<Point> all = Arrays.asList(points);
        List<HawkeyeRpc.Rejection> rejected = new ArrayList<>(0);
        if (call.batch()) {
            sink.recordAll(all, (index, reason) -> rejected.add(rejection(points[index], index, reason)));
        } else {
            RuntimeException[] refusal = new RuntimeException[1];
            sink.recordAll(all, (index, reason) -> refusal[0] = reason);
            if (refusal[0] != null) {
                // Built for a notification too: a failure that is not a refusal is counted and logged on the way.
                JsonNode error = refusedRecord(call, refusal[0]);
                return call.notification() ? null : error;
            }
        }
        if (call.notification()) {
            return null;
        }
        if (rejected.isEmpty() && (call.id().isIntegralNumber() || call.id().isNull())) {
            return accepted(call.v2(), call.id(), points.length);
        }
        return result(call.v2(), call.id(), mapper.valueToTree(new HawkeyeRpc.RecordResult(points.length - rejected.size(), rejected)));
    }

    /** How a point of a {@code recordBatch} that the sink did not record is listed in the answer. */
    private HawkeyeRpc.Rejection rejection(Point point, int index, RuntimeException reason) {
        if (reason instanceof InvalidPointException) {
            return new HawkeyeRpc.Rejection(index, reason.getMessage(), ((InvalidPointException) reason).field());
        }
        // One failing point must not lose the rest: it is reported like a refused one, and counted.
        counters.drop(TransportCounter.REQUESTS_FAILED, Level.WARNING, "recording point " + point.series() + " failed: " + reason);
        return new HawkeyeRpc.Rejection(index, "not recorded: " + reason.getMessage(), null);
    }

    /**
     * The error answering a {@code record} whose point the sink did not record, as jsonrpc4j would
     * give it; like jsonrpc4j's, it counts and logs a failure that is not a refusal.
     */
    private JsonNode refusedRecord(Frame.Records call, RuntimeException reason) {
        if (reason instanceof InvalidPointException) {
            InvalidPointException refused = (InvalidPointException) reason;
            return error(call.v2(), call.id(), RpcErrors.INVALID_PARAMS, refused.getMessage(),
                    refused.field() == null ? null : Map.of("field", refused.field()));
        }
        ErrorResolver.JsonError failure = errors.resolveError(reason, RECORD_METHOD, List.of());
        return error(call.v2(), call.id(), failure.code, failure.message, failure.data);
    }

    /**
     * The bytes {@link #result} and {@link #bytes} write for {@code {"accepted": n, "rejected": []}}
     * with a numeric or null id, without building the tree: the answer to nearly every call.
     * {@code FastPathTest} holds the two to the same bytes.
     */
    private static byte[] accepted(boolean v2, JsonNode id, int accepted) {
        String idText = id.isNull() ? "null" : id.asText();
        String text = v2
                ? "{\"jsonrpc\":\"2.0\",\"id\":" + idText + ",\"result\":{\"accepted\":" + accepted + ",\"rejected\":[]}}\n"
                : "{\"id\":" + idText + ",\"result\":{\"accepted\":" + accepted + ",\"rejected\":[]},\"error\":null}\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The answer to a message's bytes: its tree, or a batch's bytes; {@code null} when nothing is
     * answered. A call holding an object with a field twice is refused (a tree would keep the last
     * silently); the other calls of its batch are run.
     */
    private Object answer(byte[] json, boolean wanted, SeriesTable ids) {
        JsonNode message;
        Map<Integer, String> duplicates = Map.of();
        try {
            message = strictTrees.readTree(json);
        } catch (IOException strict) {
            try {
                message = mapper.readTree(json);
                duplicates = DuplicateFields.byCall(mapper.getFactory(), json);
            } catch (IOException e) {
                return error(true, NullNode.getInstance(), RpcErrors.PARSE_ERROR, "parse error: " + e.getMessage(), null);
            }
        }
        return answer(message, wanted, duplicates, ids);
    }

    /**
     * The response to a message (a request's tree, a batch's bytes), or {@code null} when nothing is
     * answered; {@code duplicates} names the calls to refuse, by index (0 for a single call).
     */
    private Object answer(JsonNode message, boolean wanted, Map<Integer, String> duplicates, SeriesTable ids) {
        if (!message.isArray()) {
            return answerRequest(message, wanted, duplicates.get(0), ids);
        }
        if (message.isEmpty()) {
            return error(true, NullNode.getInstance(), RpcErrors.INVALID_REQUEST, "invalid request: an empty batch", null);
        }
        if (!wanted) {
            // The client is gone: its writes are still applied, as far as a batch may reach.
            for (int i = 0; i < Math.min(message.size(), maxBatchCalls); i++) {
                answerRequest(message.get(i), false, duplicates.get(i), ids);
            }
            return null;
        }
        return batchAnswer(message, duplicates, ids);
    }

    /**
     * Runs a batch's calls and writes their answers as they come, so that their size is known. The
     * calls past {@code max_batch_calls}, and those left once the answers pass the output limit, are
     * not run: each is answered with an error saying why (a client can send it again) and counted.
     */
    private byte[] batchAnswer(JsonNode batch, Map<Integer, String> duplicates, SeriesTable ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write('[');
        int answers = 0;
        int overCalls = 0;
        int overBytes = 0;
        int calls = 0;
        for (JsonNode request : batch) {
            JsonNode response;
            if (calls++ >= maxBatchCalls) {
                overCalls++;
                response = skippedCall(request, "this batch holds more than max_batch_calls (" + maxBatchCalls
                        + ") calls", maxBatchCalls);
            } else if (out.size() > maxAnswerBytes) {
                overBytes++;
                response = skippedCall(request, "the answers to this batch reached " + maxAnswerBytes + " bytes",
                        maxAnswerBytes);
            } else {
                response = answerRequest(request, true, duplicates.get(calls - 1), ids);
            }
            if (response != null) {
                if (answers++ > 0) {
                    out.write(',');
                }
                write(response, out);
            }
        }
        if (overCalls + overBytes > 0) {
            counters.drop(TransportCounter.CALLS_SKIPPED, Level.WARNING, overCalls + overBytes, "did not run "
                    + (overCalls + overBytes) + " of the " + batch.size() + " calls of a batch: " + overCalls
                    + " past max_batch_calls (" + maxBatchCalls + "), " + overBytes + " after its answers reached "
                    + maxAnswerBytes + " bytes");
        }
        if (answers == 0) {
            return null;
        }
        out.write(']');
        out.write('\n');
        return out.toByteArray();
    }

    /** The error answering a call of a batch that was not run; {@code null} for a notification. */
    private JsonNode skippedCall(JsonNode request, String why, long limit) {
        JsonNode id = request.isObject() ? request.get("id") : null;
        if (id == null) {
            return null;
        }
        JsonNode version = request.get("jsonrpc");
        boolean v2 = version != null && version.isTextual() && "2.0".equals(version.textValue());
        return error(v2, id, RpcErrors.INTERNAL_ERROR, "not run: " + why + "; send this call again in a smaller batch",
                Map.of("limit", limit));
    }

    /** @param duplicate the field the call holds twice, or {@code null}: such a call is refused, not run */
    private JsonNode answerRequest(JsonNode request, boolean wanted, String duplicate, SeriesTable ids) {
        if (!request.isObject()) {
            return invalidRequest(true, "a request must be a JSON object; got " + JsonTypes.describe(request));
        }
        JsonNode version = request.get("jsonrpc");
        boolean v2 = version != null && version.isTextual() && "2.0".equals(version.textValue());
        JsonNode id = request.get("id");
        if (v2 && id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return invalidRequest(true, "id must be a string, a number or null; got " + JsonTypes.describe(id));
        }
        if (duplicate != null) {
            counters.drop(TransportCounter.CALLS_DUPLICATE_FIELDS, Level.WARNING, "refused a call holding a " + duplicate);
            boolean notification = v2 ? id == null : JsonTypes.isAbsent(id);
            return notification ? null : error(v2, id == null ? NullNode.getInstance() : id, RpcErrors.INVALID_REQUEST,
                    "invalid request: " + duplicate + "; each field may appear once, so nothing of this call was run", null);
        }
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual()) {
            return invalidRequest(v2, "method must be a string; got " + JsonTypes.describe(method));
        }
        JsonNode params = request.get("params");
        if (params != null && !params.isNull() && !params.isObject() && !params.isArray()) {
            return invalidRequest(v2, "params must be an object or an array; got " + JsonTypes.describe(params));
        }
        // 2.0: no id member is a notification. 1.0: a null id is.
        boolean notification = v2 ? id == null : JsonTypes.isAbsent(id);
        JsonNode replyId = id == null ? NullNode.getInstance() : id;
        String name = METHODS.get(method.textValue());
        if (!wanted && (name == null || READ_ONLY.contains(name))) {
            return null;
        }
        JsonNode response;
        if (name == null) {
            response = error(v2, replyId, RpcErrors.METHOD_NOT_FOUND, "method not found: '" + JsonTypes.shorten(method.textValue())
                    + "'; methods are record, recordBatch, query, queryRange, series, status, ping (or Hawkeye.Record, ...)", null);
        } else if (params != null && params.isArray() && params.size() > 1) {
            response = error(v2, replyId, RpcErrors.INVALID_PARAMS, "params must be one object or an array holding one object; got an array of "
                    + params.size(), Map.of("field", "params"));
        } else {
            response = invoke(v2, replyId, name, params != null && params.isArray() ? params.get(0) : params, ids);
        }
        return notification ? null : response;
    }

    private JsonNode invoke(boolean v2, JsonNode id, String method, JsonNode params, SeriesTable ids) {
        if (method.equals("recordBatch")) {
            return recordBatch(v2, id, params, ids);
        }
        ObjectNode call = mapper.createObjectNode();
        call.put("jsonrpc", "2.0");
        // jsonrpc4j sees a fixed id: the client's id (of any type) is put back below.
        call.put("id", 1);
        call.put("method", method);
        ArrayNode arguments = call.putArray("params");
        if (!WITHOUT_PARAMS.contains(method)) {
            arguments.add(params == null ? NullNode.getInstance() : params);
        }
        JsonNode outcome;
        try {
            outcome = invoker.invoke(call);
        } catch (IOException | RuntimeException e) {
            counters.drop(TransportCounter.REQUESTS_FAILED, Level.ERROR, "request " + method + " failed: " + e);
            return error(v2, id, RpcErrors.INTERNAL_ERROR, "internal error: " + e.getMessage(), null);
        }
        JsonNode failure = outcome.get("error");
        if (failure != null && !failure.isNull()) {
            JsonNode data = failure.get("data");
            return error(v2, id, failure.path("code").asInt(RpcErrors.INTERNAL_ERROR), failure.path("message").asText(), data);
        }
        return result(v2, id, outcome.get("result"));
    }

    /**
     * {@code recordBatch} is called directly, as the fast path calls the sink, because it needs the
     * connection's series ids, which jsonrpc4j cannot pass; its answer is the one jsonrpc4j gives.
     */
    private JsonNode recordBatch(boolean v2, JsonNode id, JsonNode params, SeriesTable ids) {
        HawkeyeRpc.RecordResult recorded;
        try {
            recorded = handler.recordBatch(params, ids);
        } catch (RuntimeException e) {
            ErrorResolver.JsonError failure = errors.resolveError(e, RECORD_BATCH_METHOD, List.of());
            return error(v2, id, failure.code, failure.message, failure.data);
        }
        return result(v2, id, mapper.valueToTree(recorded));
    }

    private JsonNode invalidRequest(boolean v2, String reason) {
        return error(v2, NullNode.getInstance(), RpcErrors.INVALID_REQUEST, "invalid request: " + reason, null);
    }

    private JsonNode result(boolean v2, JsonNode id, JsonNode result) {
        ObjectNode response = mapper.createObjectNode();
        if (v2) {
            response.put("jsonrpc", "2.0");
        }
        response.set("id", id);
        response.set("result", result == null ? NullNode.getInstance() : result);
        if (!v2) {
            response.putNull("error");
        }
        return response;
    }

    private ObjectNode error(boolean v2, JsonNode id, int code, String message, Object data) {
        ObjectNode response = mapper.createObjectNode();
        if (v2) {
            response.put("jsonrpc", "2.0");
            response.set("id", id);
            ObjectNode error = response.putObject("error");
            error.put("code", code);
            error.put("message", message);
            if (data != null && !(data instanceof JsonNode && ((JsonNode) data).isNull())) {
                error.set("data", data instanceof JsonNode ? (JsonNode) data : mapper.valueToTree(data));
            }
        } else {
            // 1.0 (and Go's net/rpc/jsonrpc): the error is a string and the result null.
            response.set("id", id);
            response.putNull("result");
            response.put("error", message);
        }
        return response;
    }

    private byte[] bytes(JsonNode response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        write(response, out);
        out.write('\n');
        return out.toByteArray();
    }

    private void write(JsonNode response, ByteArrayOutputStream out) {
        try {
            mapper.writeValue(out, response);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a response tree", e);
        }
    }

    /** jsonrpc4j's server, reduced to invoking one clean 2.0 request. */
    private static final class Invoker extends JsonRpcBasicServer {
        Invoker(ObjectMapper mapper, HawkeyeRpc handler, RpcErrorResolver errors) {
            super(mapper, handler, HawkeyeRpc.class);
            setErrorResolver(errors);
            setShouldLogInvocationErrors(false);
        }

        JsonNode invoke(ObjectNode request) throws IOException {
            return handleJsonNodeRequest(request).getResponse();
        }
    }
}
