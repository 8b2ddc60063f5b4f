package dev.hawkeye.core.config;

import java.util.List;

/**
 * One level of a monitor: the rule that makes it fire at this level and where to notify.
 *
 * @param level     the level's name ({@code warning}, {@code critical}, ...)
 * @param condition when it is breached
 * @param routes    the routes of its notifications
 */
public record TriggerSpec(String level, Condition condition, List<NotifyRoute> routes) {
    public TriggerSpec {
        routes = List.copyOf(routes);
    }
}
