package dev.hawkeye.notifier.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {
    static final Instant SINCE = Instant.parse("2024-05-01T12:00:00Z");
    static final Instant AT = Instant.parse("2024-05-01T12:03:20Z");
    private static final String TOKEN = "xoxb-test-token-1234";

    private final FakeSlack slack = new FakeSlack();
    private final List<Notifier> notifiers = new ArrayList<>();

    SlackNotifierTest() throws Exception {
    }

    @AfterEach
    void close() {
        notifiers.forEach(Notifier::close);
        slack.close();
    }

    @Test
    void postsAFiringNotificationToTheWebhookAsBlocksInARedAttachment() throws Exception {
        Notifier notifier = notifier(Map.of("webhook_url", webhookUrl()));

        notifier.send(firing("critical", route(Map.of())));

        assertThat(slack.requests()).hasSize(1);
        FakeSlack.Request request = slack.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/services/T000/B000/XXXX");
        JsonObject payload = JsonParser.parseString(request.body()).getAsJsonObject();
        assertThat(payload.get("text").getAsString())
                .isEqualTo(":red_circle: [FIRING critical] checkout-errors: count(api.errors) 1204 &gt;= 1000 over 5m");
        JsonObject attachment = payload.getAsJsonArray("attachments").get(0).getAsJsonObject();
        assertThat(attachment.get("color").getAsString()).isEqualTo(SlackComposer.RED);
        JsonArray blocks = attachment.getAsJsonArray("blocks");
        assertThat(blocks.get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("header");
        assertThat(blocks.get(0).getAsJsonObject().getAsJsonObject("text").get("text").getAsString())
                .isEqualTo(":red_circle: FIRING critical: checkout-errors");
        assertThat(fieldTexts(blocks.get(1).getAsJsonObject())).containsExactly(
                "*Monitor*\ncheckout-errors",
                "*Level*\ncritical",
                "*Value*\n1204",
                "*Condition*\n`count(api.errors) &gt;= 1000 over 5m`",
                "*Window*\n5m",
                "*Since*\n<!date^1714564800^{date_short_pretty} {time_secs}|2024-05-01 12:00:00 UTC>");
        assertThat(blocks.get(2).getAsJsonObject().get("type").getAsString()).isEqualTo("context");
        assertThat(blocks.get(2).toString()).contains("checkout-errors/1/1/ops");
    }

    @Test
    void aResolvedNotificationIsGreenAndSaysWhenItResolved() throws Exception {
        Notifier notifier = notifier(Map.of("webhook_url", webhookUrl()));

        notifier.send(new Notification("checkout-errors/1/2/ops", Notification.Kind.RESOLVED, Notification.Reason.RESOLVED,
                "checkout-errors", "critical", 3, "count(api.errors) >= 1000 over 5m", Duration.ofMinutes(5), SINCE,
                Instant.parse("2024-05-01T13:05:00Z"), route(Map.of())));

        JsonObject payload = JsonParser.parseString(slack.requests().get(0).body()).getAsJsonObject();
        assertThat(payload.get("text").getAsString())
                .isEqualTo(":white_check_mark: [RESOLVED critical] checkout-errors: count(api.errors) 3, no longer &gt;= 1000 over 5m");
        JsonObject attachment = payload.getAsJsonArray("attachments").get(0).getAsJsonObject();
        assertThat(attachment.get("color").getAsString()).isEqualTo(SlackComposer.GREEN);
        assertThat(fieldTexts(attachment.getAsJsonArray("blocks").get(1).getAsJsonObject()))
                .contains("*Resolved*\n<!date^1714568700^{date_short_pretty} {time_secs}|2024-05-01 13:05:00 UTC>");
    }

    @Test
    void showsTheLevelByColourAndEmoji() {
        SlackComposer composer = new SlackComposer(Optional.empty(), Optional.empty());

        assertThat(composer.compose(firing("warning", route(Map.of()))).attachments().get(0).getColor()).isEqualTo(SlackComposer.AMBER);
        assertThat(composer.compose(firing("warning", route(Map.of()))).text()).startsWith(":large_orange_circle: ");
        assertThat(composer.compose(firing("info", route(Map.of()))).attachments().get(0).getColor()).isEqualTo(SlackComposer.BLUE);
        assertThat(composer.compose(firing("info", route(Map.of()))).text()).startsWith(":large_blue_circle: ");
        assertThat(composer.compose(firing("Critical", route(Map.of()))).attachments().get(0).getColor()).isEqualTo(SlackComposer.RED);
    }

    @Test
    void usesTheSubjectAndBodyTemplates() throws Exception {
        Notifier notifier = notifier(Map.of("webhook_url", webhookUrl(), "subject", "{{kind}} {{monitor}}",
                "body", "value {{value}} <{{condition}}>"));

        notifier.send(firing("critical", route(Map.of())));

        JsonObject payload = JsonParser.parseString(slack.requests().get(0).body()).getAsJsonObject();
        assertThat(payload.get("text").getAsString()).isEqualTo("FIRING checkout-errors");
        JsonArray blocks = payload.getAsJsonArray("attachments").get(0).getAsJsonObject().getAsJsonArray("blocks");
        assertThat(blocks.get(0).getAsJsonObject().getAsJsonObject("text").get("text").getAsString()).isEqualTo("FIRING checkout-errors");
        assertThat(blocks.get(1).getAsJsonObject().getAsJsonObject("text").get("text").getAsString())
                .isEqualTo("value 1204 &lt;count(api.errors) &gt;= 1000 over 5m&gt;");
    }

    @Test
    void postsWithTheBotTokenToTheRoutesChannel() throws Exception {
        slack.answerByDefault(FakeSlack.Response.json(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}"));
        Notifier notifier = notifier(Map.of("token", TOKEN, "channel", "#alerts", "api_url", slack.url() + "/api/"));

        notifier.send(firing("critical", route(Map.of("channel", "#checkout"))));
        notifier.send(firing("critical", route(Map.of())));

        assertThat(slack.requests()).hasSize(2);
        FakeSlack.Request toRoute = slack.requests().get(0);
        assertThat(toRoute.path()).isEqualTo("/api/chat.postMessage");
        assertThat(toRoute.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        Map<String, String> form = toRoute.form();
        assertThat(form.get("channel")).isEqualTo("#checkout");
        assertThat(form.get("text")).startsWith(":red_circle: [FIRING critical] checkout-errors");
        JsonObject attachment = JsonParser.parseString(form.get("attachments")).getAsJsonArray().get(0).getAsJsonObject();
        assertThat(attachment.get("color").getAsString()).isEqualTo(SlackComposer.RED);
        assertThat(attachment.getAsJsonArray("blocks").get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("header");
        assertThat(slack.requests().get(1).form().get("channel")).as("the notifier's default channel").isEqualTo("#alerts");
    }

    @Test
    void aRouteWithoutChannelIsAConfigErrorWhenTheNotifierHasNone() {
        Notifier notifier = notifier(Map.of("token", TOKEN, "api_url", slack.url() + "/api/"));

        assertThatThrownBy(() -> notifier.send(firing("critical", route(Map.of()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitors[0].triggers[1].notify[0].channel: a Slack route needs a channel");
        assertThat(slack.requests()).isEmpty();
    }

    @Test
    void aRefusalOfChatPostMessageIsReportedWithSlacksError() {
        slack.answerByDefault(FakeSlack.Response.json(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));
        Notifier notifier = notifier(Map.of("token", TOKEN, "api_url", slack.url() + "/api/"));

        assertThatThrownBy(() -> notifier.send(firing("critical", route(Map.of("channel", "#nowhere")))))
                .isInstanceOf(SlackSendException.class)
                .hasMessage("Slack chat.postMessage to #nowhere failed: channel_not_found");
    }

    @Test
    void aServerErrorIsReportedWithItsStatusAndAnswerButNotTheWebhookUrl() {
        slack.answerByDefault(FakeSlack.Response.text(500, "internal_error"));
        Notifier notifier = notifier(Map.of("webhook_url", webhookUrl()));

        assertThatThrownBy(() -> notifier.send(firing("critical", route(Map.of()))))
                .isInstanceOf(SlackSendException.class)
                .hasMessage("Slack webhook answered HTTP 500: internal_error")
                .satisfies(e -> assertThat(((SlackSendException) e).status()).isEqualTo(500))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("XXXX"));
    }

    @Test
    void aServerErrorOfTheWebApiIsReportedWithItsStatusButNotTheToken() {
        slack.answerByDefault(FakeSlack.Response.json(503, "{\"ok\":false,\"error\":\"service_unavailable\"}"));
        Notifier notifier = notifier(Map.of("token", TOKEN, "channel", "#alerts", "api_url", slack.url() + "/api/"));

        assertThatThrownBy(() -> notifier.send(firing("critical", route(Map.of()))))
                .isInstanceOf(SlackSendException.class)
                .hasMessageContaining("answered HTTP 503")
                .hasMessageContaining("service_unavailable")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void aRateLimitAnswerCarriesSlacksRetryAfter() {
        slack.thenAnswer(FakeSlack.Response.rateLimited(7));
        Notifier notifier = notifier(Map.of("webhook_url", webhookUrl()));

        assertThatThrownBy(() -> notifier.send(firing("critical", route(Map.of()))))
                .isInstanceOf(RetryAfterException.class)
                .hasMessageContaining("HTTP 429")
                .satisfies(e -> assertThat(((RetryAfterException) e).retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void aRateLimitOfTheWebApiCarriesSlacksRetryAfterToo() {
        slack.thenAnswer(new FakeSlack.Response(429, Map.of("Retry-After", "3"), "application/json",
                "{\"ok\":false,\"error\":\"ratelimited\"}"));
        Notifier notifier = notifier(Map.of("token", TOKEN, "channel", "#alerts", "api_url", slack.url() + "/api/"));

        assertThatThrownBy(() -> notifier.send(firing("critical", route(Map.of()))))
                .isInstanceOf(RetryAfterException.class)
                .satisfies(e -> assertThat(((RetryAfterException) e).retryAfter()).isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        SlackNotifier notifier = new SlackNotifier(SlackSettings.from(section(Map.of("webhook_url", webhookUrl()))),
                Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC));
        notifiers.add(notifier);

        assertThat(notifier.retryAfter(Optional.of("30"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(notifier.retryAfter(Optional.of("Wed, 01 May 2024 12:00:45 GMT"))).isEqualTo(Duration.ofSeconds(45));
        assertThat(notifier.retryAfter(Optional.of("soon"))).isZero();
        assertThat(notifier.retryAfter(Optional.empty())).isZero();
    }

    @Test
    void anUnreachableSlackIsReportedWithoutTheWebhookUrl() throws Exception {
        String url;
        try (FakeSlack gone = new FakeSlack()) {
            url = gone.url() + "/services/T000/B000/SECRET";
        }
        Notifier notifier = notifier(Map.of("webhook_url", url, "timeout", "2s"));

        assertThatThrownBy(() -> notifier.send(firing("critical", route(Map.of()))))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("Slack webhook could not be reached")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }

    private String webhookUrl() {
        return slack.url() + "/services/T000/B000/XXXX";
    }

    private Notifier notifier(Map<String, ?> values) {
        Notifier notifier = new SlackNotifierFactory().create(section(values));
        notifiers.add(notifier);
        return notifier;
    }

    static PluginConfig section(Map<String, ?> values) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("type", "slack");
        all.putAll(values);
        return PluginConfig.of("notifiers.ops", all, key -> "monitors.yaml:5:3");
    }

    static PluginConfig route(Map<String, ?> values) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("via", "ops");
        all.putAll(values);
        return PluginConfig.of("monitors[0].triggers[1].notify[0]", all, key -> "monitors.yaml:15:11");
    }

    static Notification firing(String level, PluginConfig route) {
        return new Notification("checkout-errors/1/1/ops", Notification.Kind.FIRING, Notification.Reason.STARTED,
                "checkout-errors", level, 1204, "count(api.errors) >= 1000 over 5m", Duration.ofMinutes(5), SINCE, AT, route);
    }

    private static List<String> fieldTexts(JsonObject section) {
        List<String> texts = new ArrayList<>();
        section.getAsJsonArray("fields").forEach(field -> texts.add(field.getAsJsonObject().get("text").getAsString()));
        return texts;
    }
}
