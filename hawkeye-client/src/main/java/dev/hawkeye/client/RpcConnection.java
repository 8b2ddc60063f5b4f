package dev.hawkeye.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * One JSON-RPC 2.0 connection to the server: writes a request, reads the response with the same
 * id; or several requests in a row ({@link #send}) and then their responses in order
 * ({@link #receive}). Not thread-safe: one owner at a time ({@link #close} may be called from any thread, to
 * unblock the owner). Every {@link IOException} it throws names the socket.
 */
final class RpcConnection implements Closeable {
    /** The JSON (jackson-core) factory and tree reader; both are thread-safe once configured. */
    // The fast double writer (Schubfach) writes doubles that read back the same, in a fraction of the time.
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final Path socketPath;
    private final AFUNIXSocket socket;
    private final OutputStream out;
    private final InputStream inputStream;
    /** Created at the first read: Jackson reads a few bytes at creation to detect the encoding. */
    private JsonParser in;
    private final Duration timeout;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream(8192);
    private long lastId;

    private RpcConnection(Path socketPath, AFUNIXSocket socket, Duration timeout) throws IOException {
        this.socketPath = socketPath;
        this.socket = socket;
        this.timeout = timeout;
        this.out = socket.getOutputStream();
        this.inputStream = socket.getInputStream();
    }

    /**
     * Connects to the server.
     *
     * @param timeout how long a response may take before {@link #call} gives up
     * @throws IOException naming the socket when nothing listens there
     */
    static RpcConnection open(Path socketPath, Duration timeout) throws IOException {
        AFUNIXSocket socket = null;
        try {
            socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath));
            socket.setSoTimeout(timeoutMillis(timeout));
            return new RpcConnection(socketPath, socket, timeout);
        } catch (IOException e) {
            if (socket != null) {
                socket.close();
            }
            throw new IOException("cannot connect to hawkeye at " + socketPath + " (is the server running?): " + reason(e), e);
        }
    }

    /** Writes the {@code params} value of a request. */
    @FunctionalInterface
    interface ParamsWriter {
        void write(JsonGenerator generator) throws IOException;
    }

    /**
     * Sends one request and waits for its response.
     *
     * @param params writes the params value, or {@code null} for a request without params
     * @return the {@code result}
     * @throws ServerErrorException when the response is an error object
     * @throws IOException          when the connection fails, times out or carries something that
     *                              is not a JSON-RPC response; the connection is then unusable
     */
    JsonNode call(String method, ParamsWriter params) throws IOException {
        return receive(send(method, params), method);
    }

    /**
     * Writes one request without waiting for its response, so that several can be on their way
     * (their responses come in the order sent); {@link #receive} reads each.
     *
     * @return the request's id
     * @throws IOException naming the socket when the connection fails; it is then unusable
     */
    long send(String method, ParamsWriter params) throws IOException {
        long id = ++lastId;
        message.reset();
        try (JsonGenerator generator = JSON.createGenerator(message)) {
            generator.writeStartObject();
            generator.writeStringField("jsonrpc", "2.0");
            generator.writeNumberField("id", id);
            generator.writeStringField("method", method);
            if (params != null) {
                generator.writeFieldName("params");
                params.write(generator);
            }
            generator.writeEndObject();
        }
        message.write('\n');
        try {
            message.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new IOException("connection to hawkeye at " + socketPath + " failed during " + method + ": " + reason(e), e);
        }
        return id;
    }

    /**
     * Waits for the response to the request {@code id} ({@code method} names it in errors).
     *
     * @return the {@code result}
     * @throws ServerErrorException when the response is an error object
     * @throws IOException          when the connection fails, times out or carries something that
     *                              is not a JSON-RPC response; the connection is then unusable
     */
    JsonNode receive(long id, String method) throws IOException {
        try {
            return resultOf(readResponse(id), method);
        } catch (ServerErrorException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            throw new IOException("hawkeye at " + socketPath + " did not answer " + method + " within " + Durations.describe(timeout), e);
        } catch (IOException e) {
            throw new IOException("connection to hawkeye at " + socketPath + " failed during " + method + ": " + reason(e), e);
        }
    }

    private JsonNode readResponse(long id) throws IOException {
        if (in == null) {
            in = JSON.createParser(inputStream);
        }
        while (true) {
            JsonNode response = MAPPER.readTree(in);
            if (response == null) {
                throw new EOFException("the server closed the connection without answering");
            }
            JsonNode responseId = response.get("id");
            if (responseId != null && responseId.canConvertToLong() && responseId.asLong() == id) {
                return response;
            }
            if ((responseId == null || responseId.isNull()) && response.has("error")) {
                // An error the server could not tie to a request (e.g. it could not parse ours).
                return response;
            }
            // A response to an earlier request that timed out on our side; skip it.
        }
    }

    private JsonNode resultOf(JsonNode response, String method) throws IOException {
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            JsonNode data = error.path("data");
            String dataText = data.isMissingNode() || data.isNull() ? null : data.isTextual() ? data.asText() : data.toString();
            String field = data.isTextual() ? data.asText() : data.path("field").textValue();
            String message = error.path("message").asText("error without a message");
            throw new ServerErrorException(error.path("code").asInt(), message, field, dataText);
        }
        if (!response.has("result")) {
            throw new IOException("the answer to " + method + " has neither result nor error: " + response);
        }
        return response.get("result");
    }

    /** Closes the socket; a thread blocked in {@link #call} gets an {@link IOException}. Idempotent. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing is left to release or to report: the connection is being discarded.
        }
    }

    Path socketPath() {
        return socketPath;
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
