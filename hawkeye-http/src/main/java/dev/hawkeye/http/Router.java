package dev.hawkeye.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.protocol.InvalidParamsException;
import dev.hawkeye.protocol.UnsupportedQueryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Serves every request: bounds how many run at once, serves the console's files, checks the
 * bearer token, finds the endpoint by path and method, reads a body up to its limit, and turns failures into their status with
 * {@code {"error": ...}}. Thread-safe.
 */
final class Router implements HttpHandler {
    /** What answers one path and method; {@code body} is empty for a GET. */
    @FunctionalInterface
    interface Endpoint {
        Response handle(Request request, byte[] body);
    }

    private record Route(String method, Endpoint endpoint) {
    }

    private static final String HEALTH = "/healthz";
    /**
     * How much of a body left unread (refused, or sent where none is taken) is read and dropped
     * before the answer: the JDK server closes a connection with unread bytes, which resets it, and
     * the client may lose the answer saying why.
     */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final Map<String, Route> routes = new LinkedHashMap<>();
    /** Routes of paths with a name between a prefix and a suffix: {@code /api/v1/monitors/NAME/history}. */
    private final Map<String, Map.Entry<String, Route>> namedRoutes = new LinkedHashMap<>();
    private final HttpSettings settings;
    private final HttpCounters counters;
    private final Semaphore running;
    private final byte[] expectedAuthorization;
    private final ConsoleFiles console;

    Router(HttpSettings settings, HttpCounters counters, ConsoleFiles console) {
        this.settings = settings;
        this.console = console;
        this.counters = counters;
        this.running = new Semaphore(settings.maxConcurrentRequests());
        this.expectedAuthorization = settings.authToken() == null ? null
                : ("Bearer " + settings.authToken()).getBytes(StandardCharsets.UTF_8);
    }

    Router get(String path, Endpoint endpoint) {
        routes.put(path, new Route("GET", endpoint));
        return this;
    }

    /** GET of {@code prefix + NAME + suffix}; the endpoint reads the name from the request's path. */
    Router getNamed(String prefix, String suffix, Endpoint endpoint) {
        namedRoutes.put(prefix, Map.entry(suffix, new Route("GET", endpoint)));
        return this;
    }

    Router post(String path, Endpoint endpoint) {
        routes.put(path, new Route("POST", endpoint));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            counters.increment(HttpCounters.REQUESTS);
            if (!running.tryAcquire()) {
                counters.drop(HttpCounters.REJECTED, Level.WARNING, "answered 503 to " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath() + ": " + settings.maxConcurrentRequests() + " requests are running");
                drain(exchange);
                send(exchange, Response.error(503, "too many requests at once (max_concurrent_requests: "
                        + settings.maxConcurrentRequests() + "); try again").withHeader("Retry-After", "1"));
                return;
            }
            try {
                Response response = answer(exchange);
                drain(exchange);
                send(exchange, response);
            } finally {
                running.release();
            }
        }
    }

    private Response answer(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        try {
            if (console.serves(path)) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    return Response.error(405, path + " takes GET, not " + exchange.getRequestMethod()).withHeader("Allow", "GET");
                }
                return console.file(new Request("GET", path, Map.of(), null));
            }
            if (!authorized(exchange, path)) {
                counters.drop(HttpCounters.UNAUTHORIZED, Level.WARNING, "answered 401 to " + exchange.getRequestMethod() + " " + path
                        + " from " + exchange.getRemoteAddress().getAddress().getHostAddress() + ": no or a wrong bearer token");
                return Response.error(401, "this endpoint needs Authorization: Bearer <auth_token>")
                        .withHeader("WWW-Authenticate", "Bearer");
            }
            Route route = routes.get(path);
            if (route == null) {
                route = namedRoutes.entrySet().stream()
                        .filter(named -> path.startsWith(named.getKey()) && path.endsWith(named.getValue().getKey())
                                && path.length() > named.getKey().length() + named.getValue().getKey().length())
                        .map(named -> named.getValue().getValue()).findFirst().orElse(null);
            }
            if (route == null) {
                return Response.error(404, "no endpoint " + path + "; see / (the console), /api/v1/status, /api/v1/monitors,"
                        + " /api/v1/query, /api/v1/query_range, /api/v1/points, /metrics, /healthz");
            }
            String method = exchange.getRequestMethod();
            if (!route.method().equals(method)) {
                return Response.error(405, path + " takes " + route.method() + ", not " + method).withHeader("Allow", route.method());
            }
            Request request = new Request(method, path, Request.parseQuery(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body = "POST".equals(method) ? body(exchange) : new byte[0];
            return route.endpoint().handle(request, body);
        } catch (HttpError e) {
            return Response.error(e.status(), e.getMessage());
        } catch (InvalidParamsException | InvalidPointException | UnsupportedQueryException e) {
            return Response.error(400, e.getMessage());
        } catch (StoreException e) {
            return Response.error(503, "the store cannot answer: " + e.getMessage());
        } catch (RuntimeException e) {
            counters.drop(HttpCounters.FAILED, Level.ERROR, exchange.getRequestMethod() + " " + path + " failed: " + e);
            return Response.error(500, "the request failed inside hawkeye: " + e);
        }
    }

    private boolean authorized(HttpExchange exchange, String path) {
        if (expectedAuthorization == null || HEALTH.equals(path)) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8));
    }

    /** The body, refused with 413 beyond {@code max_body_bytes} (by its length when given, else while reading). */
    private byte[] body(HttpExchange exchange) {
        int limit = settings.maxBodyBytes();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw oversize(exchange, length + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Content-Length is not a number: '" + length + "'");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw oversize(exchange, "more than " + limit + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new HttpError(400, "cannot read the body: " + e.getMessage());
        }
    }

    private HttpError oversize(HttpExchange exchange, String size) {
        counters.drop(HttpCounters.OVERSIZE, Level.WARNING, "answered 413 to " + exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getRawPath() + ": a body of " + size);
        return new HttpError(413, "the body holds " + size + ", more than max_body_bytes (" + settings.maxBodyBytes()
                + "); send fewer points a request");
    }

    private static void drain(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            long left = DRAIN_LIMIT;
            byte[] buffer = new byte[64 << 10];
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException e) {
            // The client is gone or too slow (request_timeout): nothing left to answer.
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        response.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        if (response.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
