package dev.hawkeye.core.config;

import dev.hawkeye.api.config.PluginConfig;

/**
 * One {@code notify:} entry of a trigger: the named notifier to deliver through, and the
 * per-route settings handed to it with each notification (e.g. {@code to:} recipients).
 */
public record NotifyRoute(String via, PluginConfig settings) {
}
