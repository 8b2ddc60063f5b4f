package dev.hawkeye.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A client that writes JSON-RPC by hand over a Unix socket, as a program in another language
 * would: no hawkeye code between the test and the server.
 */
final class RawJsonRpc implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AFUNIXSocket socket;
    private final OutputStream out;
    private final BufferedReader in;

    private RawJsonRpc(AFUNIXSocket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    static RawJsonRpc connect(Path path) throws IOException {
        return new RawJsonRpc(AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path.toFile())));
    }

    /** Writes one message and reads the one-line answer. */
    JsonNode call(String message) throws IOException {
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the server closed the connection without answering " + message);
        }
        return JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
