package dev.hawkeye.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP endpoint standing in for a Slack incoming webhook: answers {@code ok} and keeps each posted JSON body. */
final class WebhookServer implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> posts = new CopyOnWriteArrayList<>();

    WebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                posts.add(new ObjectMapper().readTree(body.readAllBytes()));
            }
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/hook";
    }

    /** The {@code text} of every message posted so far, in order. */
    List<String> texts() {
        return posts.stream().map(post -> post.path("text").asText()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
