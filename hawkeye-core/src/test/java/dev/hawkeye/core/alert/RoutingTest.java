package dev.hawkeye.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.Aggregate;
import dev.hawkeye.api.metric.Series;
import dev.hawkeye.api.notify.Notification.Kind;
import dev.hawkeye.api.notify.Notification.Reason;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.core.config.Comparison;
import dev.hawkeye.core.config.Condition;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A state change becomes one notification per route, with an id that the saved state alone decides. */
class RoutingTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final TriggerSpec CRITICAL = new TriggerSpec("critical", new Condition(Comparison.GREATER_OR_EQUAL, 1000),
            List.of(route("ops"), route("mail"), route("mail")));
    private static final MonitorSpec CHECKOUT = new MonitorSpec("checkout-errors", Series.of("api.errors"), Aggregate.COUNT,
            Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(3), List.of(CRITICAL));

    @Test
    void eachRouteOfTheTriggerGetsItsNotificationNamedByEpisodeNumberAndRoute() {
        List<Routed> routed = Routing.of(firing(7, 3));

        assertThat(routed).extracting(Routed::via).containsExactly("ops", "mail", "mail");
        assertThat(routed).extracting(r -> r.notification().id())
                .containsExactly("checkout-errors/7/3/ops", "checkout-errors/7/3/mail#2", "checkout-errors/7/3/mail#3");
        assertThat(routed.get(1).notification().route()).isSameAs(CRITICAL.routes().get(1).settings());
    }

    @Test
    void theSameChangeRoutedAgainHasTheSameIds() {
        assertThat(Routing.of(firing(7, 3))).isEqualTo(Routing.of(firing(7, 3)));
        assertThat(Routing.of(firing(7, 4)).get(0).notification().id()).isEqualTo("checkout-errors/7/4/ops");
    }

    @Test
    void twoEventsOfOneEvaluationAreNumberedInOrder() {
        AlertState next = new AlertState("checkout-errors", AlertStatus.OK, null, 3, T0, T0, 7, 5);
        Evaluation evaluation = new Evaluation(next, List.of(new AlertEvent(CRITICAL, Kind.FIRING, Reason.STARTED, T0),
                new AlertEvent(CRITICAL, Kind.RESOLVED, Reason.RESOLVED, T0)));

        assertThat(Routing.of(new StateChange(CHECKOUT, Map.of(), AlertState.initial("checkout-errors", T0), evaluation, T0))).extracting(r -> r.notification().id())
                .startsWith("checkout-errors/7/4/ops").contains("checkout-errors/7/5/ops");
    }

    /** A FIRING in episode {@code episode}, its {@code number}-th notification. */
    private static StateChange firing(long episode, int number) {
        AlertState next = new AlertState("checkout-errors", AlertStatus.FIRING, "critical", 1204, T0, T0, episode, number);
        return new StateChange(CHECKOUT, Map.of(), AlertState.initial("checkout-errors", T0), new Evaluation(next, List.of(new AlertEvent(CRITICAL, Kind.FIRING, Reason.STARTED, T0))),
                T0);
    }

    private static NotifyRoute route(String via) {
        return new NotifyRoute(via, PluginConfig.of("route", Map.of("via", via), key -> "monitors.yaml:1:1"));
    }
}
