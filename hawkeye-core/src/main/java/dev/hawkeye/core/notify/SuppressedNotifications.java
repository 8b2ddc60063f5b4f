package dev.hawkeye.core.notify;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifications a rate limit held back, kept per route so that each destination (a mail's
 * recipients, a Slack channel) later learns in one message what it missed. Bounded: at most
 * {@link #MAX_ROUTES} routes (a further one is refused, so the caller counts and logs it) and
 * {@link #MAX_MONITORS_LISTED} monitors listed per summary (the rest are counted). Used by one lane
 * thread only; not thread-safe.
 */
final class SuppressedNotifications {
    static final int MAX_ROUTES = 64;
    static final int MAX_MONITORS_LISTED = 20;

    /** The latest suppressed notification of one monitor and how many of it were suppressed. */
    private static final class MonitorLine {
        Notification latest;
        int count;
    }

    /** What one route missed. */
    private static final class RouteGroup {
        final PluginConfig route;
        final Instant firstAt;
        final Map<String, MonitorLine> monitors = new LinkedHashMap<>();
        int count;
        int unlisted;

        RouteGroup(PluginConfig route, Instant firstAt) {
            this.route = route;
            this.firstAt = firstAt;
        }
    }

    private final String notifierName;
    private final String limit;
    private final Duration window;
    private final Map<Map<String, Object>, RouteGroup> groups = new LinkedHashMap<>();
    private long summaries;

    /**
     * @param notifierName the notifier whose notifications these are, for the summaries' ids
     * @param limit        the limit in words ({@code 30 per 1m}), for the summaries' text
     * @param window       the limit's window, as the summaries' window
     */
    SuppressedNotifications(String notifierName, String limit, Duration window) {
        this.notifierName = notifierName;
        this.limit = limit;
        this.window = window;
    }

    /** Remembers {@code notification}; false when it has a new route and {@link #MAX_ROUTES} are kept already. */
    boolean add(Notification notification, Instant now) {
        RouteGroup group = groups.get(notification.route().asMap());
        if (group == null) {
            if (groups.size() >= MAX_ROUTES) {
                return false;
            }
            group = new RouteGroup(notification.route(), now);
            groups.put(notification.route().asMap(), group);
        }
        group.count++;
        MonitorLine line = group.monitors.get(notification.monitor());
        if (line == null) {
            if (group.monitors.size() >= MAX_MONITORS_LISTED) {
                group.unlisted++;
                return true;
            }
            line = new MonitorLine();
            group.monitors.put(notification.monitor(), line);
        }
        line.latest = notification;
        line.count++;
        return true;
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** How many notifications are waiting to be summarised. */
    int count() {
        return groups.values().stream().mapToInt(group -> group.count).sum();
    }

    /**
     * One summary per route, and forgets them. A summary is a notification whose
     * <ul>
     * <li>{@code condition} reads {@code 12 more notifications suppressed (limit 30 per 1m): checkout-errors
     *     FIRING critical 1204 (5x), db-latency RESOLVED warning 3 (7x)};</li>
     * <li>{@code monitor} is the one monitor concerned, or {@code 3 monitors} ({@code 20+ monitors}
     *     when more than are listed);</li>
     * <li>{@code kind} is FIRING when any monitor's latest suppressed notification fired (reason
     *     REPEATED), else RESOLVED; {@code level} is that of the latest firing one (else the latest);</li>
     * <li>{@code value} is how many were suppressed; {@code window} the limit's window;
     *     {@code since} when the first was suppressed; {@code at} now; {@code route} the route.</li>
     * </ul>
     */
    List<Notification> drain(Instant now) {
        List<Notification> out = new ArrayList<>();
        for (RouteGroup group : groups.values()) {
            out.add(summary(group, now));
        }
        groups.clear();
        return out;
    }

    private Notification summary(RouteGroup group, Instant now) {
        Notification latestFiring = null;
        Notification latest = null;
        List<String> lines = new ArrayList<>();
        for (MonitorLine line : group.monitors.values()) {
            Notification notification = line.latest;
            if (latest == null || !notification.at().isBefore(latest.at())) {
                latest = notification;
            }
            if (notification.kind() == Notification.Kind.FIRING
                    && (latestFiring == null || !notification.at().isBefore(latestFiring.at()))) {
                latestFiring = notification;
            }
            lines.add(notification.monitor() + " " + notification.kind() + " " + notification.level() + " "
                    + notification.formattedValue() + " (" + line.count + "x)");
        }
        if (group.unlisted > 0) {
            lines.add(group.unlisted + " more of other monitors");
        }
        Notification lead = latestFiring != null ? latestFiring : latest;
        boolean firing = latestFiring != null;
        String condition = group.count + " more notification" + (group.count == 1 ? "" : "s") + " suppressed (limit "
                + limit + "): " + String.join(", ", lines);
        String monitor = group.monitors.size() == 1 && group.unlisted == 0 ? lead.monitor()
                : group.monitors.size() + (group.unlisted > 0 ? "+" : "") + " monitors";
        summaries++;
        String id = "suppressed/" + notifierName + "/" + now.toEpochMilli() + "/" + summaries;
        return new Notification(id, firing ? Notification.Kind.FIRING : Notification.Kind.RESOLVED,
                firing ? Notification.Reason.REPEATED : Notification.Reason.RESOLVED, monitor, lead.level(), group.count,
                condition, window, group.firstAt, now, group.route);
    }
}
