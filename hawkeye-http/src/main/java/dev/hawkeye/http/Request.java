package dev.hawkeye.http;

import dev.hawkeye.api.config.Spelling;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an endpoint reads of a request: its method, path, query parameters and headers. Immutable.
 *
 * @param parameters the query string's parameters by name, each with its values in order
 * @param accept     the {@code Accept} header, or null
 */
record Request(String method, String path, Map<String, List<String>> parameters, String accept) {
    Request {
        parameters = Map.copyOf(parameters);
    }

    /** Reads a raw (still encoded) query string; null or empty gives no parameters. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "the query string holds a malformed %-escape: '" + text + "'");
        }
    }

    /**
     * Refuses a parameter the endpoint does not take, naming the one probably meant.
     *
     * @throws HttpError 400
     */
    void rejectUnknownParameters(Collection<String> known) {
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw new HttpError(400, "unknown parameter '" + name + "'; " + path + " takes " + String.join(", ", known)
                        + Spelling.hint(name, known));
            }
        }
    }

    /** The one value of {@code name}, if given; given twice is an error (400). */
    Optional<String> parameter(String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new HttpError(400, "parameter '" + name + "' is given " + values.size() + " times; give it once");
        }
        return values.stream().findFirst();
    }

    /** The one value of {@code name}, which must be given and not empty (400 otherwise). */
    String requireParameter(String name, String example) {
        String value = parameter(name).orElseThrow(() -> new HttpError(400, "parameter '" + name + "' is required, e.g. "
                + name + "=" + example));
        if (value.isBlank()) {
            throw new HttpError(400, "parameter '" + name + "' is empty; e.g. " + name + "=" + example);
        }
        return value;
    }

    /** Every value of {@code name}, in order. */
    List<String> parameters(String name) {
        return parameters.getOrDefault(name, List.of());
    }
}
