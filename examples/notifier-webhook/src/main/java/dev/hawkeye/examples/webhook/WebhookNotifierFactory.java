package dev.hawkeye.examples.webhook;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifier of type {@code webhook}. Its section in {@code monitors.yaml}:
 * <pre>
 * notifiers:
 *   hook:
 *     type: webhook
 *     url: https://example.com/hawkeye      # required
 *     headers: {Authorization: "Bearer ${HOOK_TOKEN}"}   # optional
 *     timeout: 10s                          # optional
 * </pre>
 * {@code @AutoService} registers it, so hawkeye finds it with {@link java.util.ServiceLoader} once its
 * jar is in {@code plugins/}.
 */
@AutoService(NotifierFactory.class)
public final class WebhookNotifierFactory implements NotifierFactory {
    @Override
    public String type() {
        return "webhook";
    }

    /**
     * Checks the whole section now, so that {@code hawkeye check} and start-up report a mistake
     * instead of the first alert.
     */
    @Override
    public Notifier create(PluginConfig config) {
        config.rejectUnknownKeys(List.of("url", "headers", "timeout"));
        String url = config.requireString("url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw config.invalid("url", "expected an http(s) URL, got '" + url + "'");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw config.invalid("url", "expected an http(s) URL, got '" + url + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        config.section("headers").asMap().forEach((name, value) -> headers.put(name, String.valueOf(value)));
        try {
            HttpRequest.Builder probe = HttpRequest.newBuilder(uri);
            headers.forEach(probe::header);
        } catch (IllegalArgumentException e) {
            // A header the JDK's client refuses (Host, Content-Length, a line break in a value...).
            throw config.invalid("headers", e.getMessage());
        }
        Duration timeout = config.duration("timeout", Duration.ofSeconds(10));
        if (timeout.isZero()) {
            throw config.invalid("timeout", "must be longer than 0s");
        }
        return new WebhookNotifier(uri, headers, timeout);
    }
}
