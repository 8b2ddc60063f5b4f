package dev.hawkeye.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import dev.hawkeye.api.notify.RetryAfterException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 204;
    private volatile String retryAfter;

    WebhookNotifierTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                if (retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                byte[] answer = (status >= 300 ? "server says no" : "").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheNotificationAsJson() throws Exception {
        Notifier hook = create(Map.of("url", url(), "headers", Map.of("Authorization", "Bearer t0ken")));

        hook.send(notification("checkout-errors", 1204));

        assertThat(bodies).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(bodies.get(0));
        assertThat(json.get("id").asText()).isEqualTo("checkout-errors/1/1/hook");
        assertThat(json.get("kind").asText()).isEqualTo("FIRING");
        assertThat(json.get("monitor").asText()).isEqualTo("checkout-errors");
        assertThat(json.get("value").asDouble()).isEqualTo(1204);
        assertThat(json.get("condition").asText()).isEqualTo("count(api.errors) >= 1000 over 5m");
        assertThat(json.get("window").asText()).isEqualTo("5m");
        assertThat(json.get("since").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(authorizations).containsExactly("Bearer t0ken");
    }

    @Test
    void escapesWhatJsonCannotHoldAsIsAndWritesNoDataAsNull() throws Exception {
        Notifier hook = create(Map.of("url", url()));

        hook.send(notification("a \"quoted\"\\ name\nwith\ttabs\u0001 and ünïcode", Double.NaN));

        JsonNode json = new ObjectMapper().readTree(bodies.get(0));
        assertThat(json.get("monitor").asText()).isEqualTo("a \"quoted\"\\ name\nwith\ttabs\u0001 and ünïcode");
        assertThat(json.get("value").isNull()).isTrue();
        assertThat(json.get("formatted_value").asText()).isEqualTo("no data");
    }

    @Test
    void aRateLimitAnswerAsksForTheRetryAfterDelay() {
        status = 429;
        retryAfter = "12";
        Notifier hook = create(Map.of("url", url()));

        assertThatThrownBy(() -> hook.send(notification("m", 1)))
                .isInstanceOf(RetryAfterException.class)
                .satisfies(e -> assertThat(((RetryAfterException) e).retryAfter()).isEqualTo(Duration.ofSeconds(12)));
    }

    @Test
    void anyOtherRefusalIsReportedWithItsStatusAndAnswer() {
        status = 500;
        Notifier hook = create(Map.of("url", url()));

        assertThatThrownBy(() -> hook.send(notification("m", 1)))
                .isInstanceOf(IOException.class)
                .hasMessage("webhook 127.0.0.1 answered HTTP 500: server says no");
    }

    @Test
    void checksItsSectionWhenCreated() {
        assertThatThrownBy(() -> create(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("monitors.yaml:4:5: notifiers.hook.url: is required");
        assertThatThrownBy(() -> create(Map.of("url", "ftp://example.com/x")))
                .hasMessageContaining("notifiers.hook.url: expected an http(s) URL");
        assertThatThrownBy(() -> create(Map.of("url", url(), "timout", "5s")))
                .hasMessageContaining("unknown key 'timout' (did you mean 'timeout'?)");
        assertThatThrownBy(() -> create(Map.of("url", url(), "headers", Map.of("Host", "example.com"))))
                .hasMessageContaining("notifiers.hook.headers");
    }

    @Test
    void isFoundAsTypeWebhook() {
        assertThat(ServiceLoader.load(NotifierFactory.class).stream().map(ServiceLoader.Provider::get)
                .map(NotifierFactory::type)).contains("webhook");
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private static Notifier create(Map<String, ?> values) {
        Map<String, Object> section = new LinkedHashMap<>(values);
        section.put("type", "webhook");
        return new WebhookNotifierFactory().create(PluginConfig.of("notifiers.hook", section, key -> "monitors.yaml:4:5"));
    }

    private static Notification notification(String monitor, double value) {
        return new Notification("checkout-errors/1/1/hook", Notification.Kind.FIRING, Notification.Reason.STARTED, monitor,
                "critical", value, "count(api.errors) >= 1000 over 5m", Duration.ofMinutes(5),
                Instant.parse("2024-05-01T12:00:00Z"), Instant.parse("2024-05-01T12:03:20Z"),
                PluginConfig.empty("monitors[0].triggers[0].notify[0]"));
    }
}
