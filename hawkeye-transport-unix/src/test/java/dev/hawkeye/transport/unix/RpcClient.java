package dev.hawkeye.transport.unix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** A test client: a real blocking junixsocket connection that writes raw text and reads lines. */
final class RpcClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final AFUNIXSocket socket;
    private final OutputStream out;
    private final BufferedReader in;

    private RpcClient(AFUNIXSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    static RpcClient connect(Path path) throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path));
        socket.setSoTimeout(10_000);
        return new RpcClient(socket);
    }

    /** Sends text exactly as given (no newline added). */
    RpcClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    RpcClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends one line and reads the one-line answer. */
    JsonNode call(String request) throws IOException {
        send(request + "\n");
        return read();
    }

    /** The next answer line, parsed. */
    JsonNode read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the server closed the connection");
        }
        return JSON.readTree(line);
    }

    /** The next answer line as sent. */
    String readLine() throws IOException {
        return in.readLine();
    }

    /** Whether nothing arrives within {@code millis} (the connection staying open). */
    boolean silentFor(int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
            throw new AssertionError("expected no answer, got " + line);
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    /** Whether the server closed the connection (reads end of stream). */
    boolean isClosedByServer() throws IOException {
        try {
            return in.readLine() == null;
        } catch (IOException reset) {
            return true;
        }
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
