package dev.hawkeye.core.alert;

import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.ingest.BucketWindow;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.notify.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every monitor on a schedule and hands the notifications its state changes call for
 * to the {@link Dispatcher}.
 *
 * <p>Each monitor is one periodic task on the shared scheduler the caller passes in (a small pool
 * serves any number of monitors); its first evaluation comes one {@code evaluateEvery} after
 * {@link #start()}, so that a restarted process judges a window only once the ingest had time to
 * flush into it. An evaluation reads the monitor's aggregate over {@code [now - window, now)} widened to whole buckets ({@link BucketWindow}),
 * runs the {@link MonitorEvaluator}, saves the new state to the store when it changed, and only
 * then dispatches the notifications (so a save that fails sends nothing, and the transition is
 * made again by the next evaluation). The saved states are loaded at start, so a restart neither
 * repeats a notification nor forgets that a monitor is firing.
 *
 * <p>When the store fails ({@link StoreException}) a monitor keeps its state: it neither fires nor
 * resolves on missing data; its status is {@code UNKNOWN}, the failure is counted as
 * {@link Counters#EVALUATIONS_FAILED} and logged once per outage. Any other failure of an
 * evaluation is counted and logged and does not stop the schedule.
 *
 * <p>Thread-safe. Evaluations of one monitor never overlap; those of different monitors may run
 * in parallel. The engine owns neither the store, the dispatcher nor the scheduler: close the
 * engine first, then the others.
 */
public final class AlertEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final String UNKNOWN = "UNKNOWN";

    /** One monitor: its spec, its state (guarded by the instance) and the status last published. */
    private static final class Monitor {
        final MonitorSpec spec;
        /** Null until loaded from the store. */
        AlertState state;
        volatile MonitorStatus status;

        Monitor(MonitorSpec spec, Instant now) {
            this.spec = spec;
            this.status = new MonitorStatus(spec.name(), UNKNOWN, null, Double.NaN, spec.describe(), now, null);
        }
    }

    private final Map<String, Monitor> monitors = new LinkedHashMap<>();
    private final MetricStore store;
    private final Dispatcher dispatcher;
    private final Counters counters;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration resolution;
    private final MonitorEvaluator evaluator = new MonitorEvaluator();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private boolean started;
    private volatile boolean closed;

    /**
     * @param monitors   the monitors, with unique names and a positive {@code evaluateEvery}
     * @param store      where values are read and alert states are kept
     * @param dispatcher where notifications go
     * @param counters   where failed evaluations are counted
     * @param clock      the time of each evaluation
     * @param scheduler  runs the evaluations; owned and shut down by the caller
     * @param resolution the ingest's bucket width: windows are widened to whole buckets
     * @throws IllegalArgumentException for a duplicate name or a non-positive {@code evaluateEvery}
     */
    public AlertEngine(List<MonitorSpec> monitors, MetricStore store, Dispatcher dispatcher, Counters counters, Clock clock,
                       ScheduledExecutorService scheduler, Duration resolution) {
        this.store = store;
        this.resolution = resolution;
        this.dispatcher = dispatcher;
        this.counters = counters;
        this.clock = clock;
        this.scheduler = scheduler;
        Instant now = clock.instant();
        for (MonitorSpec spec : monitors) {
            if (spec.evaluateEvery().isZero() || spec.evaluateEvery().isNegative()) {
                throw new IllegalArgumentException("monitor " + spec.name() + ": evaluateEvery must be positive, got "
                        + spec.evaluateEvery());
            }
            if (this.monitors.putIfAbsent(spec.name(), new Monitor(spec, now)) != null) {
                throw new IllegalArgumentException("two monitors are named " + spec.name());
            }
        }
    }

    /**
     * Loads the saved states and schedules every monitor. When the store cannot be read now, each
     * monitor loads its own state at its first evaluation instead.
     *
     * @throws IllegalStateException when called twice or after {@link #close()}
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "the alert engine is closed" : "the alert engine is already started");
        }
        started = true;
        loadSavedStates();
        for (Monitor monitor : monitors.values()) {
            long every = monitor.spec.evaluateEvery().toNanos();
            scheduled.add(scheduler.scheduleWithFixedDelay(() -> evaluateGuarded(monitor), every, every, TimeUnit.NANOSECONDS));
        }
        log.info("alert engine started: {} monitor(s) on store {}", monitors.size(), store.describe());
    }

    /**
     * Evaluates one monitor now, on the calling thread, as a scheduled evaluation would; failures
     * are handled (counted, logged) as there, not thrown.
     *
     * @return the monitor's status afterwards
     * @throws IllegalArgumentException for an unknown monitor
     * @throws IllegalStateException    after {@link #close()}
     */
    public MonitorStatus evaluateNow(String monitorName) {
        Monitor monitor = monitors.get(monitorName);
        if (monitor == null) {
            throw new IllegalArgumentException("no monitor named " + monitorName + " (known: " + monitors.keySet() + ")");
        }
        if (closed) {
            throw new IllegalStateException("the alert engine is closed");
        }
        evaluateGuarded(monitor);
        return monitor.status;
    }

    /** Evaluates every monitor now, one after the other, on the calling thread. */
    public void evaluateAll() {
        for (String name : monitors.keySet()) {
            evaluateNow(name);
        }
    }

    /** Every monitor's status as of its last evaluation, in the order the monitors were given. */
    public List<MonitorStatus> status() {
        List<MonitorStatus> out = new ArrayList<>(monitors.size());
        monitors.values().forEach(monitor -> out.add(monitor.status));
        return out;
    }

    /**
     * Cancels the scheduled evaluations and waits for one in progress to end, so that after it
     * returns no evaluation runs or dispatches. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            scheduled.forEach(task -> task.cancel(false));
            scheduled.clear();
        }
        for (Monitor monitor : monitors.values()) {
            synchronized (monitor) {
                // Empty on purpose: once the lock is ours, the evaluation that held it is over, and
                // no later one starts because it sees `closed`.
            }
        }
    }

    private void loadSavedStates() {
        Map<String, AlertState> saved;
        try {
            saved = store.loadAlertStates();
        } catch (StoreException e) {
            log.warn("could not load saved alert states from store {}: {}; each monitor loads its own at its first evaluation",
                    store.describe(), e.getMessage());
            return;
        }
        Instant now = clock.instant();
        for (Monitor monitor : monitors.values()) {
            synchronized (monitor) {
                if (monitor.state == null) {
                    AlertState state = saved.get(monitor.spec.name());
                    monitor.state = state != null ? state : AlertState.initial(monitor.spec.name(), now);
                    if (state != null) {
                        monitor.status = unknown(monitor, now);
                    }
                }
            }
        }
    }

    private void evaluateGuarded(Monitor monitor) {
        try {
            evaluate(monitor);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Anything else (a bug, a plugin's error) fails this evaluation only; the schedule goes on.
            counters.increment(Counters.EVALUATIONS_FAILED);
            log.error("evaluation of monitor {} failed: {}", monitor.spec.name(), e.toString(), e);
        }
    }

    private void evaluate(Monitor monitor) {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            MonitorSpec spec = monitor.spec;
            Instant now = clock.instant();
            Evaluation evaluation;
            try {
                if (monitor.state == null) {
                    monitor.state = store.loadAlertState(spec.name()).orElseGet(() -> AlertState.initial(spec.name(), now));
                }
                BucketWindow window = BucketWindow.ending(now, spec.window(), resolution);
                OptionalDouble value = store.read(spec.series(), spec.aggregate(), window.from(), window.to());
                evaluation = evaluator.evaluate(spec, monitor.state, value, now);
                if (!evaluation.next().equals(monitor.state)) {
                    store.saveAlertState(evaluation.next());
                }
            } catch (StoreException e) {
                storeFailed(monitor, e, now);
                return;
            }
            storeAnswered();
            monitor.state = evaluation.next();
            monitor.status = statusOf(spec, evaluation.next());
            send(spec, evaluation);
        }
    }

    private void storeFailed(Monitor monitor, StoreException e, Instant now) {
        counters.increment(Counters.EVALUATIONS_FAILED);
        if (!UNKNOWN.equals(monitor.status.state())) {
            monitor.status = unknown(monitor, now);
        }
        if (storeDown.compareAndSet(false, true)) {
            log.warn("store {} unavailable: {}; monitors keep their states (no fire, no resolve) until it answers",
                    store.describe(), e.getMessage());
        }
    }

    private void storeAnswered() {
        if (storeDown.compareAndSet(true, false)) {
            log.info("store {} available again; monitors are evaluated again", store.describe());
        }
    }

    private void send(MonitorSpec spec, Evaluation evaluation) {
        AlertState next = evaluation.next();
        List<AlertEvent> events = evaluation.events();
        Instant at = clock.instant();
        for (int i = 0; i < events.size(); i++) {
            AlertEvent event = events.get(i);
            // The state counts every notification of this evaluation; number them in order.
            int number = next.notifications() - (events.size() - 1 - i);
            String condition = spec.describe(event.trigger());
            List<NotifyRoute> routes = event.trigger().routes();
            for (int r = 0; r < routes.size(); r++) {
                NotifyRoute route = routes.get(r);
                String id = spec.name() + "/" + next.episode() + "/" + number + "/" + routeKey(routes, r);
                Notification notification = new Notification(id, event.kind(), event.reason(), spec.name(),
                        event.trigger().level(), next.value(), condition, spec.window(), event.since(), at, route.settings());
                log.info("monitor {} {} ({}) at level {}, value {}: notifying {}", spec.name(), event.kind(),
                        event.reason(), event.trigger().level(), notification.formattedValue(), route.via());
                dispatcher.dispatch(route.via(), notification);
            }
        }
    }

    /** The route's {@code via}, plus its position when the trigger has several routes to that notifier. */
    private static String routeKey(List<NotifyRoute> routes, int index) {
        String via = routes.get(index).via();
        long sameVia = routes.stream().filter(route -> route.via().equals(via)).count();
        return sameVia > 1 ? via + "#" + (index + 1) : via;
    }

    private static MonitorStatus statusOf(MonitorSpec spec, AlertState state) {
        return new MonitorStatus(spec.name(), state.status().name(), state.level(), state.value(), spec.describe(),
                state.since(), state.lastNotified());
    }

    /** UNKNOWN since {@code now}, with what is known of the last state. */
    private static MonitorStatus unknown(Monitor monitor, Instant now) {
        AlertState known = monitor.state;
        return new MonitorStatus(monitor.spec.name(), UNKNOWN, known == null ? null : known.level(),
                known == null ? Double.NaN : known.value(), monitor.spec.describe(), now,
                known == null ? null : known.lastNotified());
    }
}
