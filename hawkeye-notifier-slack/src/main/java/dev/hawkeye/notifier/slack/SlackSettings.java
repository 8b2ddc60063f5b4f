package dev.hawkeye.notifier.slack;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.MessageTemplate;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated section of a {@code slack} notifier: either an incoming webhook or a bot token.
 * Immutable. Its {@link #toString()} shows neither the webhook URL (whoever has it can post) nor the
 * token.
 *
 * @param webhookUrl the incoming webhook URL, when messages go through a webhook
 * @param token      the bot token, when messages go through {@code chat.postMessage}
 * @param channel    the default channel for {@code chat.postMessage} (a route's {@code channel:} wins)
 * @param apiUrl     where the Web API methods are, {@code https://slack.com/api/} unless a test or a
 *                   proxy says otherwise; ends with {@code /}
 * @param timeout    the longest a whole call may take
 * @param subject    replaces the built-in headline (message text and header), when set
 * @param body       replaces the built-in fields with one text section, when set
 */
public record SlackSettings(Optional<String> webhookUrl, Optional<String> token, Optional<String> channel, String apiUrl,
                            Duration timeout, Optional<MessageTemplate> subject, Optional<MessageTemplate> body) {
    static final List<String> KEYS = List.of("webhook_url", "token", "channel", "api_url", "timeout", "subject", "body");
    static final String DEFAULT_API_URL = "https://slack.com/api/";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Reads and checks a {@code slack} section.
     *
     * @throws dev.hawkeye.api.config.ConfigException for an unknown key, neither or both of
     *                                                {@code webhook_url} and {@code token}, a URL
     *                                                that is not http(s), a {@code channel} with a
     *                                                webhook, a bad timeout or template
     */
    public static SlackSettings from(PluginConfig config) {
        config.rejectUnknownKeys(KEYS);
        Optional<String> webhookUrl = config.string("webhook_url").map(String::trim).filter(url -> !url.isEmpty());
        Optional<String> token = config.string("token").map(String::trim).filter(value -> !value.isEmpty());
        if (webhookUrl.isEmpty() && token.isEmpty()) {
            throw config.invalid("webhook_url", "is required: set webhook_url (an incoming webhook) or token "
                    + "(a bot token, which posts with chat.postMessage to channel)");
        }
        if (webhookUrl.isPresent() && token.isPresent()) {
            throw config.invalid("token", "choose either webhook_url or token, not both");
        }
        webhookUrl.ifPresent(url -> requireHttpUrl(config, "webhook_url", url, false));
        Optional<String> channel = config.string("channel").map(String::trim).filter(value -> !value.isEmpty());
        if (webhookUrl.isPresent() && channel.isPresent()) {
            throw config.invalid("channel", "an incoming webhook always posts to the channel it was created for; "
                    + "channel needs token instead of webhook_url");
        }
        String apiUrl = config.string("api_url", DEFAULT_API_URL).trim();
        requireHttpUrl(config, "api_url", apiUrl, true);
        if (!apiUrl.endsWith("/")) {
            apiUrl = apiUrl + "/";
        }
        Duration timeout = config.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw config.invalid("timeout", "expected a duration from 1ms to 24d, got " + PluginConfig.formatDuration(timeout));
        }
        return new SlackSettings(webhookUrl, token, channel, apiUrl, timeout, MessageTemplate.parse(config, "subject"),
                MessageTemplate.parse(config, "body"));
    }

    /** The message never shows the URL itself: a webhook URL is a secret. */
    private static void requireHttpUrl(PluginConfig config, String key, String url, boolean showable) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (uri.getHost() != null && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw config.invalid(key, "expected an http(s) URL" + (showable ? ", got '" + url + "'" : ""));
    }

    /** {@code webhook} or {@code chat.postMessage}, as messages name the way a notifier posts. */
    public String mode() {
        return webhookUrl.isPresent() ? "webhook" : "chat.postMessage";
    }

    @Override
    public String toString() {
        return "SlackSettings[" + mode() + channel.map(name -> " to " + name).orElse("") + "]";
    }
}
