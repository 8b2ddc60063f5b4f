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
import dev.hawkeye.core.config.NoDataPolicy;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MonitorEvaluatorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final TriggerSpec WARNING = trigger("warning", Comparison.GREATER, 100);
    private static final TriggerSpec CRITICAL = trigger("critical", Comparison.GREATER_OR_EQUAL, 1000);

    private final MonitorEvaluator evaluator = new MonitorEvaluator();

    @Test
    void staysOkWithoutNotifyingWhileNothingIsBreached() {
        Evaluation evaluation = evaluator.evaluate(spec(Duration.ZERO), initial(), value(100), T0.plusSeconds(60));

        assertThat(evaluation.events()).isEmpty();
        assertThat(evaluation.next().status()).isEqualTo(AlertStatus.OK);
        assertThat(evaluation.next().value()).isEqualTo(100);
        assertThat(evaluation.next().since()).isEqualTo(T0);
    }

    @Test
    void firesAtOnceWithoutHoldForStartingANewEpisode() {
        AlertState resolvedBefore = new AlertState("m", AlertStatus.OK, null, 1, T0, T0, 4, 3);

        Evaluation evaluation = evaluator.evaluate(spec(Duration.ZERO), resolvedBefore, value(150), T0.plusSeconds(60));

        assertThat(evaluation.events()).containsExactly(
                new AlertEvent(WARNING, Kind.FIRING, Reason.STARTED, T0.plusSeconds(60)));
        assertThat(evaluation.next()).isEqualTo(new AlertState("m", AlertStatus.FIRING, "warning", 150,
                T0.plusSeconds(60), T0.plusSeconds(60), 5, 1));
    }

    @Test
    void theMostSevereBreachedTriggerIsTheLevel() {
        Evaluation evaluation = evaluator.evaluate(spec(Duration.ZERO), initial(), value(5000), T0);

        assertThat(evaluation.next().level()).isEqualTo("critical");
        assertThat(evaluation.events()).extracting(AlertEvent::trigger).containsExactly(CRITICAL);
    }

    @Test
    void withHoldForABreachIsPendingSilentlyUntilItHasHeldThatLong() {
        MonitorSpec spec = spec(Duration.ofMinutes(2));
        Evaluation first = evaluator.evaluate(spec, initial(), value(150), T0);
        Evaluation stillShort = evaluator.evaluate(spec, first.next(), value(5000), T0.plusSeconds(119));
        Evaluation held = evaluator.evaluate(spec, stillShort.next(), value(5000), T0.plusSeconds(120));

        assertThat(first.events()).isEmpty();
        assertThat(first.next().status()).isEqualTo(AlertStatus.PENDING);
        assertThat(stillShort.events()).isEmpty();
        assertThat(stillShort.next().level()).isEqualTo("critical");
        assertThat(stillShort.next().since()).as("the hold counts from the first breach").isEqualTo(T0);
        assertThat(held.events()).containsExactly(new AlertEvent(CRITICAL, Kind.FIRING, Reason.STARTED, T0.plusSeconds(120)));
        assertThat(held.next().status()).isEqualTo(AlertStatus.FIRING);
        assertThat(held.next().episode()).isEqualTo(1);
    }

    @Test
    void pendingThatStopsBeingBreachedGoesBackToOkSilently() {
        AlertState pending = new AlertState("m", AlertStatus.PENDING, "warning", 150, T0, null, 0, 0);

        Evaluation evaluation = evaluator.evaluate(spec(Duration.ofMinutes(2)), pending, value(10), T0.plusSeconds(60));

        assertThat(evaluation.events()).isEmpty();
        assertThat(evaluation.next()).isEqualTo(new AlertState("m", AlertStatus.OK, null, 10, T0.plusSeconds(60), null, 0, 0));
    }

    @Test
    void repeatsOnlyOnceRepeatEveryHasPassedSinceTheLastNotification() {
        AlertState firing = new AlertState("m", AlertStatus.FIRING, "warning", 150, T0, T0, 1, 1);
        MonitorSpec spec = spec(Duration.ZERO);

        Evaluation early = evaluator.evaluate(spec, firing, value(160), T0.plus(Duration.ofMinutes(10)).minusMillis(1));
        Evaluation due = evaluator.evaluate(spec, early.next(), value(170), T0.plus(Duration.ofMinutes(10)));

        assertThat(early.events()).isEmpty();
        assertThat(early.next()).isEqualTo(new AlertState("m", AlertStatus.FIRING, "warning", 160, T0, T0, 1, 1));
        assertThat(due.events()).containsExactly(new AlertEvent(WARNING, Kind.FIRING, Reason.REPEATED, T0));
        assertThat(due.next()).isEqualTo(new AlertState("m", AlertStatus.FIRING, "warning", 170, T0,
                T0.plus(Duration.ofMinutes(10)), 1, 2));
    }

    @Test
    void aZeroRepeatEveryNeverRepeats() {
        MonitorSpec spec = new MonitorSpec("m", Series.of("api.errors"), Aggregate.COUNT, Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO, List.of(WARNING, CRITICAL));
        AlertState firing = new AlertState("m", AlertStatus.FIRING, "warning", 150, T0, T0, 1, 1);

        assertThat(evaluator.evaluate(spec, firing, value(150), T0.plus(Duration.ofDays(1))).events()).isEmpty();
    }

    @Test
    void escalatesAndDeescalatesToTheNewLevelsRoutes() {
        MonitorSpec spec = spec(Duration.ZERO);
        AlertState warning = new AlertState("m", AlertStatus.FIRING, "warning", 150, T0, T0, 1, 1);

        Evaluation up = evaluator.evaluate(spec, warning, value(1000), T0.plusSeconds(60));
        Evaluation down = evaluator.evaluate(spec, up.next(), value(500), T0.plusSeconds(120));

        assertThat(up.events()).containsExactly(new AlertEvent(CRITICAL, Kind.FIRING, Reason.ESCALATED, T0.plusSeconds(60)));
        assertThat(up.next()).isEqualTo(new AlertState("m", AlertStatus.FIRING, "critical", 1000, T0.plusSeconds(60),
                T0.plusSeconds(60), 1, 2));
        assertThat(down.events()).containsExactly(new AlertEvent(WARNING, Kind.FIRING, Reason.DEESCALATED, T0.plusSeconds(120)));
        assertThat(down.next().notifications()).isEqualTo(3);
        assertThat(down.next().episode()).as("same episode").isEqualTo(1);
    }

    @Test
    void resolvesToTheRoutesOfTheLevelItHad() {
        AlertState critical = new AlertState("m", AlertStatus.FIRING, "critical", 1500, T0, T0, 2, 4);

        Evaluation evaluation = evaluator.evaluate(spec(Duration.ZERO), critical, value(3), T0.plusSeconds(60));

        assertThat(evaluation.events()).containsExactly(new AlertEvent(CRITICAL, Kind.RESOLVED, Reason.RESOLVED, T0));
        assertThat(evaluation.next()).isEqualTo(new AlertState("m", AlertStatus.OK, null, 3, T0.plusSeconds(60),
                T0.plusSeconds(60), 2, 5));
    }

    @Test
    void noDataOkBreachesNothingSoAFiringMonitorResolves() {
        AlertState firing = new AlertState("m", AlertStatus.FIRING, "warning", 150, T0, T0, 1, 1);

        Evaluation fromOk = evaluator.evaluate(spec(Duration.ZERO), initial(), OptionalDouble.empty(), T0);
        Evaluation fromFiring = evaluator.evaluate(spec(Duration.ZERO), firing, OptionalDouble.empty(), T0.plusSeconds(60));

        assertThat(fromOk.events()).isEmpty();
        assertThat(fromOk.next().value()).isNaN();
        assertThat(fromFiring.events()).extracting(AlertEvent::kind).containsExactly(Kind.RESOLVED);
    }

    @Test
    void noDataKeepHoldsAFiringLevelAndKeepsRepeating() {
        MonitorSpec spec = spec(Duration.ZERO, NoDataPolicy.KEEP);
        AlertState firing = new AlertState("m", AlertStatus.FIRING, "critical", 1500, T0, T0, 1, 1);

        Evaluation quiet = evaluator.evaluate(spec, firing, OptionalDouble.empty(), T0.plus(Duration.ofMinutes(5)));
        Evaluation repeat = evaluator.evaluate(spec, quiet.next(), OptionalDouble.empty(), T0.plus(Duration.ofMinutes(10)));

        assertThat(quiet.events()).isEmpty();
        assertThat(quiet.next()).isEqualTo(new AlertState("m", AlertStatus.FIRING, "critical", Double.NaN, T0, T0, 1, 1));
        assertThat(repeat.events()).containsExactly(new AlertEvent(CRITICAL, Kind.FIRING, Reason.REPEATED, T0));
    }

    @Test
    void noDataKeepNeitherFiresNorClearsAPendingMonitor() {
        MonitorSpec spec = spec(Duration.ofMinutes(2), NoDataPolicy.KEEP);
        AlertState pending = new AlertState("m", AlertStatus.PENDING, "warning", 150, T0, null, 0, 0);

        Evaluation later = evaluator.evaluate(spec, pending, OptionalDouble.empty(), T0.plus(Duration.ofMinutes(5)));
        Evaluation fromOk = evaluator.evaluate(spec, initial(), OptionalDouble.empty(), T0.plus(Duration.ofMinutes(5)));

        assertThat(later.events()).isEmpty();
        assertThat(later.next()).isEqualTo(new AlertState("m", AlertStatus.PENDING, "warning", Double.NaN, T0, null, 0, 0));
        assertThat(fromOk.events()).isEmpty();
        assertThat(fromOk.next().status()).isEqualTo(AlertStatus.OK);
    }

    @Test
    void noDataAlertBreachesTheLeastSevereTriggerAfterHoldFor() {
        MonitorSpec spec = spec(Duration.ofMinutes(2), NoDataPolicy.ALERT);

        Evaluation first = evaluator.evaluate(spec, initial(), OptionalDouble.empty(), T0);
        Evaluation held = evaluator.evaluate(spec, first.next(), OptionalDouble.empty(), T0.plus(Duration.ofMinutes(2)));

        assertThat(first.events()).isEmpty();
        assertThat(first.next().status()).isEqualTo(AlertStatus.PENDING);
        assertThat(held.events()).containsExactly(new AlertEvent(WARNING, Kind.FIRING, Reason.STARTED, T0.plus(Duration.ofMinutes(2))));
        assertThat(held.next().value()).isNaN();
    }

    @Test
    void noDataAlertKeepsAMoreSevereLevelAndResolvesOnceDataSaysSo() {
        MonitorSpec spec = spec(Duration.ZERO, NoDataPolicy.ALERT);
        AlertState critical = new AlertState("m", AlertStatus.FIRING, "critical", 1500, T0, T0, 1, 1);

        Evaluation silent = evaluator.evaluate(spec, critical, OptionalDouble.empty(), T0.plusSeconds(60));
        Evaluation recovered = evaluator.evaluate(spec, silent.next(), value(3), T0.plusSeconds(120));

        assertThat(silent.events()).isEmpty();
        assertThat(silent.next().level()).isEqualTo("critical");
        assertThat(recovered.events()).containsExactly(new AlertEvent(CRITICAL, Kind.RESOLVED, Reason.RESOLVED, T0));
    }

    @Test
    void evaluatingTheStateItLeadsToDoesNotNotifyAgain() {
        MonitorSpec spec = spec(Duration.ZERO);
        AlertState state = initial();
        int notifications = 0;
        for (double v : new double[] {150, 1500, 200, 5}) {
            Instant at = T0.plusSeconds(60);
            Evaluation first = evaluator.evaluate(spec, state, value(v), at);
            Evaluation again = evaluator.evaluate(spec, first.next(), value(v), at.plusSeconds(1));
            notifications += first.events().size();
            assertThat(again.events()).as("value %s evaluated twice", v).isEmpty();
            state = again.next();
        }
        assertThat(notifications).isEqualTo(4);
    }

    @Test
    void aFiringLevelThatNoLongerExistsIsReplacedByTheBreachedOneOrResolvedQuietly() {
        AlertState gone = new AlertState("m", AlertStatus.FIRING, "page", 150, T0, T0, 1, 1);

        Evaluation breached = evaluator.evaluate(spec(Duration.ZERO), gone, value(150), T0.plusSeconds(60));
        Evaluation notBreached = evaluator.evaluate(spec(Duration.ZERO), gone, value(1), T0.plusSeconds(60));

        assertThat(breached.events()).containsExactly(new AlertEvent(WARNING, Kind.FIRING, Reason.ESCALATED, T0.plusSeconds(60)));
        assertThat(notBreached.events()).isEmpty();
        assertThat(notBreached.next().status()).isEqualTo(AlertStatus.OK);
    }

    private static AlertState initial() {
        return AlertState.initial("m", T0);
    }

    @Test
    void aValueThatIsNotFiniteNeitherResolvesNorFires() {
        AlertState firing = evaluator.evaluate(spec(Duration.ZERO), initial(), value(150), T0).next();
        for (double overflowed : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Evaluation whileFiring = evaluator.evaluate(spec(Duration.ZERO), firing, value(overflowed), T0.plusSeconds(60));
            Evaluation whileOk = evaluator.evaluate(spec(Duration.ZERO), initial(), value(overflowed), T0.plusSeconds(60));

            assertThat(whileFiring.next().status()).as("firing, then %s", overflowed).isEqualTo(AlertStatus.FIRING);
            assertThat(whileFiring.next().level()).isEqualTo("warning");
            assertThat(whileFiring.events()).as("firing, then %s", overflowed).isEmpty();
            assertThat(whileOk.next().status()).as("ok, then %s", overflowed).isEqualTo(AlertStatus.OK);
            assertThat(whileOk.events()).isEmpty();
        }
    }

    private static OptionalDouble value(double value) {
        return OptionalDouble.of(value);
    }

    private static MonitorSpec spec(Duration holdFor) {
        return spec(holdFor, NoDataPolicy.OK);
    }

    private static MonitorSpec spec(Duration holdFor, NoDataPolicy noData) {
        return new MonitorSpec("m", Series.of("api.errors"), Aggregate.COUNT, Duration.ofMinutes(1), Duration.ofMinutes(1),
                holdFor, Duration.ofMinutes(10), List.of(WARNING, CRITICAL), noData);
    }

    private static TriggerSpec trigger(String level, Comparison comparison, double threshold) {
        return new TriggerSpec(level, new Condition(comparison, threshold),
                List.of(new NotifyRoute("console", PluginConfig.empty("monitors[0].triggers." + level))));
    }
}
