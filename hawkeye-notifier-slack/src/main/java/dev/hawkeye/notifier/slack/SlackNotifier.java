package dev.hawkeye.notifier.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.RetryAfterException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts each notification to Slack (see {@link SlackComposer} for what the message holds), through
 * the incoming webhook of its section, or with {@code chat.postMessage} and the bot token to the
 * route's {@code channel:} (or the section's).
 *
 * <p>{@link #send} throws {@link RetryAfterException} carrying Slack's {@code Retry-After} when
 * Slack answers 429 (so the dispatcher waits at least that long), {@link SlackSendException} with
 * the HTTP status and Slack's answer for any other refusal, and a
 * {@link dev.hawkeye.api.config.ConfigException} naming the route when {@code chat.postMessage}
 * has no channel. No message ever holds the token or the webhook URL (a webhook URL is a
 * credential). Thread-safe; {@link #close()} releases the HTTP client.
 */
public final class SlackNotifier implements Notifier {
    private static final System.Logger log = System.getLogger(SlackNotifier.class.getName());

    private final SlackSettings settings;
    private final SlackComposer composer;
    private final Slack slack;
    private final Clock clock;

    /**
     * @param settings the validated section
     * @param clock    resolves a {@code Retry-After} given as an HTTP date
     */
    public SlackNotifier(SlackSettings settings, Clock clock) {
        this.settings = settings;
        this.composer = new SlackComposer(settings.subject(), settings.body());
        this.clock = clock;
        SlackConfig config = new SlackConfig();
        // Statistics would start background threads per client; the dispatcher keeps its own counts.
        config.setStatsEnabled(false);
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setHttpClientCallTimeoutMillis((int) settings.timeout().toMillis());
        this.slack = Slack.getInstance(config);
    }

    @Override
    public void send(Notification notification) throws IOException, SlackSendException, RetryAfterException {
        SlackComposer.Message message = composer.compose(notification);
        if (settings.webhookUrl().isPresent()) {
            postToWebhook(settings.webhookUrl().get(), message);
        } else {
            postMessage(channel(notification.route()), message);
        }
    }

    private void postToWebhook(String url, SlackComposer.Message message) throws IOException, SlackSendException, RetryAfterException {
        WebhookResponse response;
        try {
            response = slack.send(url, Payload.builder().text(message.text()).attachments(message.attachments()).build());
        } catch (IOException e) {
            throw new IOException("Slack webhook could not be reached: " + withoutSecrets(e.getMessage()), e);
        }
        int status = response.getCode();
        if (status == 200) {
            return;
        }
        String answer = withoutSecrets(String.valueOf(response.getBody()).strip());
        if (status == 429) {
            Duration wait = retryAfter(header(response.getHeaders(), "Retry-After"));
            throw new RetryAfterException("Slack webhook answered HTTP 429 (rate limited; retry after "
                    + wait.toSeconds() + "s): " + answer, wait);
        }
        throw new SlackSendException("Slack webhook answered HTTP " + status + ": " + answer, status);
    }

    private void postMessage(String channel, SlackComposer.Message message) throws IOException, SlackSendException, RetryAfterException {
        ChatPostMessageResponse response;
        try {
            response = slack.methods(settings.token().orElseThrow()).chatPostMessage(request -> request.channel(channel)
                    .text(message.text()).attachments(message.attachments()));
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            String answer = withoutSecrets(String.valueOf(e.getResponseBody()).strip());
            if (status == 429) {
                Duration wait = retryAfter(Optional.ofNullable(e.getResponse().header("Retry-After")));
                throw new RetryAfterException("Slack chat.postMessage answered HTTP 429 (rate limited; retry after "
                        + wait.toSeconds() + "s): " + answer, wait);
            }
            throw new SlackSendException("Slack chat.postMessage to " + channel + " answered HTTP " + status + ": " + answer, status);
        } catch (IOException e) {
            throw new IOException("Slack API at " + settings.apiUrl() + " could not be reached: " + withoutSecrets(e.getMessage()), e);
        }
        if (!response.isOk()) {
            throw new SlackSendException("Slack chat.postMessage to " + channel + " failed: " + response.getError()
                    + (response.getNeeded() == null ? "" : " (needed scope: " + response.getNeeded() + ")"), 200);
        }
        if (response.getWarning() != null) {
            log.log(System.Logger.Level.DEBUG, () -> "Slack chat.postMessage to " + channel + " warned: " + response.getWarning());
        }
    }

    /** The route's {@code channel:}, else the section's; a problem located at the route when there is none. */
    private String channel(PluginConfig route) {
        Optional<String> channel = route.string("channel").map(String::trim).filter(name -> !name.isEmpty());
        return channel.or(settings::channel).orElseThrow(() -> route.invalid("channel",
                "a Slack route needs a channel: set channel: on the route or on the slack notifier"));
    }

    /**
     * Slack sends {@code Retry-After} in seconds; HTTP also allows a date. Without a usable header
     * the wait is zero, which leaves the dispatcher's own backoff in charge.
     */
    Duration retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Duration.ZERO;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream().filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream()).findFirst();
    }

    /** Library messages may quote the URL they called; the webhook URL and the token must not reach a log. */
    private String withoutSecrets(String text) {
        if (text == null) {
            return "no answer";
        }
        String out = text;
        if (settings.webhookUrl().isPresent()) {
            out = out.replace(settings.webhookUrl().get(), "<webhook_url>");
        }
        if (settings.token().isPresent()) {
            out = out.replace(settings.token().get(), "<token>");
        }
        return out;
    }

    @Override
    public void close() {
        try {
            slack.close();
        } catch (Exception e) {
            log.log(System.Logger.Level.WARNING, "closing the Slack client failed: " + withoutSecrets(e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return "slack via " + settings.mode();
    }
}
