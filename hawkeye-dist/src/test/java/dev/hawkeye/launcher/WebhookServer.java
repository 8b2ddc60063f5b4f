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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP endpoint on {@code /hook} standing in for a webhook (Slack's, or the example plugin's):
 * answers a POST with {@code ok} and keeps its JSON body; answers any other method with 405 and keeps
 * nothing. While {@linkplain #refuse refusing} it answers every POST with 503, keeps nothing and
 * counts it.
 */
final class WebhookServer implements AutoCloseable {
    private final HttpServer server;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();

    WebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
                return;
            }
            if (refusing.get()) {
                exchange.getRequestBody().readAllBytes();
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            try (InputStream body = exchange.getRequestBody()) {
                posts.add(new Post(exchange.getRequestHeaders().getFirst("Content-Type"),
                        new ObjectMapper().readTree(body.readAllBytes())));
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

    /** Answers every POST from now on with 503 (a webhook that is down) while {@code refuse} is true. */
    void refuse(boolean refuse) {
        refusing.set(refuse);
    }

    /** How many POSTs were answered with 503. */
    int refused() {
        return refused.get();
    }

    /** The {@code text} of every message posted so far, in order. */
    List<String> texts() {
        return posts.stream().map(post -> post.body().path("text").asText()).toList();
    }

    /** Every POST so far, in order. */
    List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One POST received: its {@code Content-Type} header (null when it had none) and its JSON body. */
    record Post(String contentType, JsonNode body) {
    }
}
