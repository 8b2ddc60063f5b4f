package dev.hawkeye.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An endpoint's answer. Immutable.
 *
 * @param headers more headers to send, such as {@code Allow} or {@code WWW-Authenticate}
 */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    Response {
        headers = Map.copyOf(headers);
    }

    static Response json(int status, Object document) {
        return new Response(status, JSON, Json.write(document), Map.of());
    }

    static Response text(int status, String text) {
        return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"error": message}}. */
    static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }
}
