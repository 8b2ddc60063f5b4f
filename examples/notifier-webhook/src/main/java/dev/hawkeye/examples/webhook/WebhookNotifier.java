package dev.hawkeye.examples.webhook;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs each notification as one JSON object, e.g.
 * <pre>
 * {"id":"checkout-errors/1/1/hook","kind":"FIRING","reason":"STARTED","monitor":"checkout-errors",
 *  "level":"critical","value":1204.0,"formatted_value":"1204","condition":"count(api.errors) &gt;= 1000 over 5m",
 *  "window":"5m","since":"2024-05-01T12:00:00Z","at":"2024-05-01T12:03:20Z"}
 * </pre>
 * Any 2xx answer is success. A 429 throws {@link RetryAfterException} with the {@code Retry-After}
 * seconds, so hawkeye's dispatcher waits that long before it retries; anything else throws an
 * {@link IOException} with the status and the start of the answer. Retries, timeouts and rate limits
 * are the dispatcher's job, not this class's.
 */
final class WebhookNotifier implements Notifier {
    private static final int ANSWER_SHOWN = 200;

    private final URI url;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final HttpClient http;

    WebhookNotifier(URI url, Map<String, String> headers, Duration timeout) {
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(Notification notification) throws IOException, InterruptedException, RetryAfterException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload(notification), StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = response.body().strip();
        if (answer.length() > ANSWER_SHOWN) {
            answer = answer.substring(0, ANSWER_SHOWN) + "...";
        }
        if (status == 429) {
            long seconds = response.headers().firstValue("Retry-After").map(WebhookNotifier::seconds).orElse(0L);
            throw new RetryAfterException("webhook answered HTTP 429: " + answer, Duration.ofSeconds(seconds));
        }
        throw new IOException("webhook " + url.getHost() + " answered HTTP " + status + ": " + answer);
    }

    /** The JSON body: every field of the notification but its route. */
    static String payload(Notification notification) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", notification.id());
        fields.put("kind", notification.kind().name());
        fields.put("reason", notification.reason().name());
        fields.put("monitor", notification.monitor());
        fields.put("level", notification.level());
        fields.put("value", notification.value());
        fields.put("formatted_value", notification.formattedValue());
        fields.put("condition", notification.condition());
        fields.put("window", PluginConfig.formatDuration(notification.window()));
        fields.put("since", notification.since().toString());
        fields.put("at", notification.at().toString());
        return Json.object(fields);
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "webhook to " + url.getHost();
    }
}
