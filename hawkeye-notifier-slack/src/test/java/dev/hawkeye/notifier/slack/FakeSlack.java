package dev.hawkeye.notifier.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for Slack: it records every request and answers with the
 * responses queued by the test, then with {@code 200 ok} (the answer of a webhook) or the default
 * set with {@link #answerByDefault}.
 */
final class FakeSlack implements AutoCloseable {
    /** One request as Slack would see it. */
    record Request(String method, String path, Map<String, List<String>> headers, String body, long receivedNanos) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }

        /** The body as form fields, for Web API calls. */
        Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            return fields;
        }
    }

    /** A canned answer. */
    record Response(int status, Map<String, String> headers, String contentType, String body) {
        static Response webhookOk() {
            return new Response(200, Map.of(), "text/html", "ok");
        }

        static Response json(int status, String body) {
            return new Response(status, Map.of(), "application/json; charset=utf-8", body);
        }

        static Response text(int status, String body) {
            return new Response(status, Map.of(), "text/plain", body);
        }

        static Response rateLimited(int seconds) {
            return new Response(429, Map.of("Retry-After", Integer.toString(seconds)), "text/plain", "rate_limited");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Response> queued = new ArrayDeque<>();
    private volatile Response byDefault = Response.webhookOk();

    FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:4711}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized FakeSlack thenAnswer(Response response) {
        queued.add(response);
        return this;
    }

    FakeSlack answerByDefault(Response response) {
        byDefault = response;
        return this;
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime()));
            Response response;
            synchronized (this) {
                response = queued.isEmpty() ? byDefault : queued.poll();
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
