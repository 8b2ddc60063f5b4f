package dev.hawkeye.notifier.slack;

import com.google.auto.service.AutoService;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.notify.NotifierFactory;
import java.time.Clock;

/**
 * The notifier of type {@code slack}, with slack-api-client. Its section is either
 * <pre>
 * ops: {type: slack, webhook_url: "${SLACK_WEBHOOK_URL}"}            # an incoming webhook
 * </pre>
 * or
 * <pre>
 * ops: {type: slack, token: "${SLACK_BOT_TOKEN}", channel: "#alerts"} # chat.postMessage
 * </pre>
 * plus the optional {@code timeout} (default 10s), {@code subject}/{@code body} templates (see
 * {@link dev.hawkeye.api.notify.MessageTemplate}) and {@code api_url} (the Web API's address, for
 * tests and proxies). With a token a route may name its own {@code channel:}. Everything is
 * checked in {@link #create}, so {@code hawkeye check} reports a missing webhook URL before any alert.
 */
@AutoService(NotifierFactory.class)
public final class SlackNotifierFactory implements NotifierFactory {
    public static final String TYPE = "slack";

    @Override
    public String type() {
        return TYPE;
    }

    /** @throws dev.hawkeye.api.config.ConfigException for a bad or missing setting, located in the file */
    @Override
    public Notifier create(PluginConfig config) {
        return new SlackNotifier(SlackSettings.from(config), Clock.systemUTC());
    }
}
