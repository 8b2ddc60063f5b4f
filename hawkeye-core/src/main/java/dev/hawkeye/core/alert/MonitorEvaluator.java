package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification.Kind;
import dev.hawkeye.api.notify.Notification.Reason;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NoDataPolicy;
import dev.hawkeye.core.config.TriggerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The alert state machine of one monitor: {@code OK → PENDING → FIRING(level) → OK}. A pure
 * function of its arguments (no I/O, no clock, no threads); stateless and thread-safe.
 *
 * <p>Rules, for the value {@code v} of one evaluation at {@code now}:
 * <ul>
 *   <li>The breached level is the last (most severe) trigger of {@link MonitorSpec#triggers()}
 *       whose condition {@code v} breaches.</li>
 *   <li>No data (an empty value; {@code count}, {@code sum} and {@code rate} always have one) is
 *       judged by the monitor's {@link NoDataPolicy}: {@code OK} breaches nothing (so a firing
 *       monitor resolves); {@code KEEP} keeps the state as it is (a pending monitor neither fires
 *       nor clears, a firing one keeps its level and keeps repeating); {@code ALERT} breaches the
 *       least severe trigger, or the level the monitor is already pending or firing at when that
 *       is more severe (no data is no evidence of recovery), and then follows the rules below.
 *       The state's value is NaN.</li>
 *   <li>A value that is not finite (a sum that overflowed to infinity, or to NaN when sums of both
 *       signs overflowed) is no measurement: the state is kept as under {@code KEEP}, whatever the
 *       monitor's {@code no_data}, so an overflow neither fires nor resolves a monitor.</li>
 *   <li>OK, breached: FIRING at once (STARTED) when {@code holdFor} is zero, otherwise PENDING
 *       without a notification.</li>
 *   <li>PENDING, breached: FIRING (STARTED) at the current level once a breach (at any level) has
 *       held for {@code holdFor} since PENDING began; not breached: back to OK silently.</li>
 *   <li>FIRING at A, breached at a more severe B: ESCALATED to B's routes; at a less severe B:
 *       DEESCALATED to B's routes; at A: REPEATED to A's routes when {@code repeatEvery} has
 *       passed since the last notification (a zero {@code repeatEvery} never repeats); not
 *       breached: OK, RESOLVED to A's routes.</li>
 * </ul>
 * Each transition notifies once; the state it leads to does not notify for it again, so no
 * notification is ever duplicated. The episode number grows by one when a monitor starts firing;
 * {@code notifications} counts the notifications of the episode (RESOLVED included).
 *
 * <p>A FIRING state whose level no longer exists in the spec (the config changed across a
 * restart) is treated as less severe than every trigger: a breach re-notifies as ESCALATED, and no
 * breach resolves silently, since the routes of the old level are unknown.
 */
public final class MonitorEvaluator {

    /**
     * Evaluates one monitor once.
     *
     * @param spec     the monitor
     * @param previous its state before this evaluation (for the same monitor)
     * @param value    the aggregate over the window; empty when there was no data
     * @param now      the time of the evaluation, not before {@code previous.since()}
     * @return the next state and the notifications to send
     */
    public Evaluation evaluate(MonitorSpec spec, AlertState previous, OptionalDouble value, Instant now) {
        if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
            return keep(spec, previous, now);
        }
        double current = value.isPresent() ? value.getAsDouble() : Double.NaN;
        int breached;
        if (value.isPresent() || spec.noData() == NoDataPolicy.OK) {
            breached = breachedIndex(spec.triggers(), current);
        } else if (spec.noData() == NoDataPolicy.ALERT) {
            breached = Math.max(0, levelIndex(spec.triggers(), previous.level()));
        } else {
            return keep(spec, previous, now);
        }
        switch (previous.status()) {
            case OK:
                return fromOk(spec, previous, current, breached, now);
            case PENDING:
                return fromPending(spec, previous, current, breached, now);
            default:
                return fromFiring(spec, previous, current, breached, now);
        }
    }

    /** No data under {@link NoDataPolicy#KEEP}: nothing changes but the value; a firing level still repeats. */
    private static Evaluation keep(MonitorSpec spec, AlertState previous, Instant now) {
        int firingAt = levelIndex(spec.triggers(), previous.level());
        if (previous.status() == AlertStatus.FIRING && firingAt >= 0) {
            return fromFiring(spec, previous, Double.NaN, firingAt, now);
        }
        return quiet(withValue(previous, Double.NaN));
    }

    private static Evaluation fromOk(MonitorSpec spec, AlertState previous, double value, int breached, Instant now) {
        if (breached < 0) {
            return quiet(withValue(previous, value));
        }
        TriggerSpec trigger = spec.triggers().get(breached);
        if (isZeroOrLess(spec.holdFor())) {
            return startFiring(previous, trigger, value, now);
        }
        return quiet(new AlertState(previous.monitor(), AlertStatus.PENDING, trigger.level(), value, now,
                previous.lastNotified(), previous.episode(), previous.notifications()));
    }

    private static Evaluation fromPending(MonitorSpec spec, AlertState previous, double value, int breached, Instant now) {
        if (breached < 0) {
            return quiet(ok(previous, value, now, previous.lastNotified(), previous.notifications()));
        }
        TriggerSpec trigger = spec.triggers().get(breached);
        if (Duration.between(previous.since(), now).compareTo(spec.holdFor()) >= 0) {
            return startFiring(previous, trigger, value, now);
        }
        // The hold counts from the first breach, whichever level is breached meanwhile.
        return quiet(new AlertState(previous.monitor(), AlertStatus.PENDING, trigger.level(), value, previous.since(),
                previous.lastNotified(), previous.episode(), previous.notifications()));
    }

    private static Evaluation fromFiring(MonitorSpec spec, AlertState previous, double value, int breached, Instant now) {
        int firingAt = levelIndex(spec.triggers(), previous.level());
        if (breached < 0) {
            if (firingAt < 0) {
                return quiet(ok(previous, value, now, previous.lastNotified(), previous.notifications()));
            }
            AlertState next = ok(previous, value, now, now, previous.notifications() + 1);
            return notify(next, new AlertEvent(spec.triggers().get(firingAt), Kind.RESOLVED, Reason.RESOLVED, previous.since()));
        }
        TriggerSpec trigger = spec.triggers().get(breached);
        if (breached != firingAt) {
            Reason reason = breached > firingAt ? Reason.ESCALATED : Reason.DEESCALATED;
            AlertState next = new AlertState(previous.monitor(), AlertStatus.FIRING, trigger.level(), value, now, now,
                    previous.episode(), previous.notifications() + 1);
            return notify(next, new AlertEvent(trigger, Kind.FIRING, reason, now));
        }
        if (repeatIsDue(spec.repeatEvery(), previous.lastNotified(), now)) {
            AlertState next = new AlertState(previous.monitor(), AlertStatus.FIRING, trigger.level(), value, previous.since(),
                    now, previous.episode(), previous.notifications() + 1);
            return notify(next, new AlertEvent(trigger, Kind.FIRING, Reason.REPEATED, previous.since()));
        }
        return quiet(withValue(previous, value));
    }

    private static Evaluation startFiring(AlertState previous, TriggerSpec trigger, double value, Instant now) {
        AlertState next = new AlertState(previous.monitor(), AlertStatus.FIRING, trigger.level(), value, now, now,
                previous.episode() + 1, 1);
        return notify(next, new AlertEvent(trigger, Kind.FIRING, Reason.STARTED, now));
    }

    private static boolean repeatIsDue(Duration repeatEvery, Instant lastNotified, Instant now) {
        if (isZeroOrLess(repeatEvery)) {
            return false;
        }
        return lastNotified == null || Duration.between(lastNotified, now).compareTo(repeatEvery) >= 0;
    }

    private static AlertState ok(AlertState previous, double value, Instant now, Instant lastNotified, int notifications) {
        return new AlertState(previous.monitor(), AlertStatus.OK, null, value, now, lastNotified, previous.episode(), notifications);
    }

    private static AlertState withValue(AlertState previous, double value) {
        return new AlertState(previous.monitor(), previous.status(), previous.level(), value, previous.since(),
                previous.lastNotified(), previous.episode(), previous.notifications());
    }

    private static int breachedIndex(List<TriggerSpec> triggers, double value) {
        for (int i = triggers.size() - 1; i >= 0; i--) {
            if (triggers.get(i).condition().isBreachedBy(value)) {
                return i;
            }
        }
        return -1;
    }

    private static int levelIndex(List<TriggerSpec> triggers, String level) {
        if (level == null) {
            return -1;
        }
        for (int i = 0; i < triggers.size(); i++) {
            if (triggers.get(i).level().equals(level)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZeroOrLess(Duration duration) {
        return duration.isZero() || duration.isNegative();
    }

    private static Evaluation quiet(AlertState next) {
        return new Evaluation(next, List.of());
    }

    private static Evaluation notify(AlertState next, AlertEvent event) {
        return new Evaluation(next, List.of(event));
    }
}
