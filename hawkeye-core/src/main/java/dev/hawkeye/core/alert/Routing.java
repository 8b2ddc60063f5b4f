package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the events of a {@link StateChange} into notifications, one per route of each event's
 * trigger, each with its id: {@code monitor/episode/number/route} ({@code monitor} is the name of
 * the instance, {@code MONITOR{tag=value,...}} for a grouped monitor's), where {@code number} counts the
 * notifications of the episode and {@code route} is the route's {@code via} (plus its position when
 * the trigger has several routes to that notifier). The id comes from the saved state alone, so it
 * names one event on one route and a resend after a crash carries the same id. Stateless.
 */
final class Routing {
    private Routing() {
    }

    static List<Routed> of(StateChange change) {
        MonitorSpec spec = change.spec();
        AlertState next = change.evaluation().next();
        List<AlertEvent> events = change.evaluation().events();
        List<Routed> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            AlertEvent event = events.get(i);
            // The state counts every notification of this evaluation; number them in order.
            int number = next.notifications() - (events.size() - 1 - i);
            String condition = spec.describe(event.trigger());
            List<NotifyRoute> routes = event.trigger().routes();
            for (int r = 0; r < routes.size(); r++) {
                NotifyRoute route = routes.get(r);
                String id = next.monitor() + "/" + next.episode() + "/" + number + "/" + routeKey(routes, r);
                out.add(new Routed(route.via(), new Notification(id, event.kind(), event.reason(), next.monitor(),
                        event.trigger().level(), next.value(), condition, spec.window(), event.since(), change.at(),
                        route.settings(), change.group())));
            }
        }
        return out;
    }

    private static String routeKey(List<NotifyRoute> routes, int index) {
        String via = routes.get(index).via();
        long sameVia = routes.stream().filter(route -> route.via().equals(via)).count();
        return sameVia > 1 ? via + "#" + (index + 1) : via;
    }
}
