package dev.hawkeye.core.alert;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.metric.GroupedValues;
import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Stats;
import dev.hawkeye.api.store.AlertState;
import dev.hawkeye.api.store.AlertStatus;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.Fence;
import dev.hawkeye.api.store.FencedException;
import dev.hawkeye.api.store.MetricData;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.Counters;
import dev.hawkeye.core.Fatal;
import dev.hawkeye.core.StoreHealthTracker;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorQuery;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.ingest.BucketWindow;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.store.MemoryAlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every monitor on a schedule and emits each {@link StateChange}; a {@link ChangeCommit}
 * routes it, saves it and hands its notifications to the {@link Dispatcher}. The engine knows
 * neither routes nor notification ids.
 *
 * <p>Each monitor is one periodic task on the shared scheduler the caller passes in (a small pool
 * serves any number of monitors), run at a fixed rate of {@code evaluateEvery}. Its first
 * evaluation comes one {@code evaluateEvery} after {@link #start()} (so that a restarted process
 * judges a window only once the ingest had time to flush into it) plus a spread of up to
 * {@code evaluateEvery} (at most one minute) derived from the monitor's name, so that thousands of
 * monitors with the same period do not all run at the same instant. An evaluation that runs late
 * does not shift the ones after it. An evaluation reads the monitor's aggregate over a window that
 * ends where the data has settled, {@code floorToBucket(now - settle)}, with {@code settle} the
 * ingest's flush interval plus one bucket plus one second for the client's buffer (3 s by default:
 * alerts come about that much later than the data), and is {@code window} long, widened to whole
 * buckets; when the previous evaluation's window ended less than one window before this one's
 * start, this one starts there, so no bucket is skipped between two evaluations
 * ({@link BucketWindow#settled}). It then
 * runs the {@link MonitorEvaluator} and, when the state changed or a notification is due, commits
 * the change: its state and its notifications go into the {@link AlertStore} (state and outbox) in
 * one fenced step, and only then are the notifications dispatched (so a save that fails sends
 * nothing, and the transition is made again by the next evaluation). The saved states are loaded
 * at start, so a restart neither repeats a notification nor forgets that a monitor is firing, and
 * what the outbox holds is sent by whoever holds the lease next.
 *
 * <p>An evaluation runs only while the {@link LeaseGuard} gives a fence (this agent's lease has not
 * run out by its own clock); a save the store refuses for its fence sends nothing, is counted as
 * {@link Counters#ALERT_SAVES_FENCED} and tells the guard, which stands the agent by.
 *
 * <p>When the store fails ({@link StoreException}) a monitor keeps its state: it neither fires nor
 * resolves on missing data; its status is {@code UNKNOWN}, the failure is counted as
 * {@link Counters#EVALUATIONS_FAILED} and logged once per outage, and the outage is reported to
 * the {@link StoreHealthTracker} (as {@link StoreHealthTracker.Source#ALERTS}) until the store
 * answers again. Any other failure of an evaluation is counted and logged and does not stop the
 * schedule.
 *
 * <p>{@link #reconfigure} replaces the monitors while the engine runs (a config reload): a monitor
 * whose rules did not change keeps its state and its schedule, one whose rules changed keeps its
 * alert state and is judged by its new rules from its next evaluation.
 *
 * <p>Thread-safe. Evaluations of one monitor never overlap; those of different monitors may run
 * in parallel. The engine owns neither the store, the dispatcher nor the scheduler: close the
 * engine first, then the others.
 */
public final class AlertEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final String UNKNOWN = "UNKNOWN";
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    /** The longest spread of first evaluations. */
    static final Duration MAX_SPREAD = Duration.ofMinutes(1);

    /**
     * One monitor: its spec and its alert instances (one, named as the monitor, unless it is
     * grouped). An evaluation holds the monitor's lock from reading the states to dispatching their
     * notifications.
     */
    private static final class Monitor {
        /** Replaced (by a spec with the same rules) only by {@link #reconfigure}. */
        volatile MonitorSpec spec;
        /** By group ({@code {}} when not grouped); null until loaded from the store. Guarded by the instance. */
        Map<Map<String, String>, Instance> instances;
        /** Where the window of the last evaluation that read the store ended; null before. Guarded by the instance. */
        Instant windowEnd;
        /** Set when a reconfiguration replaced or removed this monitor: it evaluates no more. Guarded by the instance. */
        boolean retired;
        /** Set while groups are left out for max_groups, so that this is logged once each time it starts. Guarded by the instance. */
        boolean overMaxGroups;
        /** When an evaluation's failure was last logged, and how many failed since: -1 before the first. */
        long failureLoggedAt;
        int failuresUnlogged = -1;
        /** The periodic evaluation, null until scheduled. Guarded by the engine. */
        ScheduledFuture<?> task;
        /** The status of each instance, by name, as last published. */
        volatile List<MonitorStatus> statuses;

        Monitor(MonitorSpec spec, Instant now) {
            this.spec = spec;
            this.statuses = List.of(new MonitorStatus(spec.name(), UNKNOWN, null, Double.NaN, spec.describe(), now, null));
        }
    }

    /** One alert instance of a monitor: a group's state. Guarded by its monitor. */
    private static final class Instance {
        final Map<String, String> group;
        final String name;
        AlertState state;
        /** When it last had data; an instance of a grouped monitor is forgotten {@code forget_after} later. */
        Instant lastData;
        /** Set while its value is not finite, so that this is logged once each time it starts. */
        boolean notFinite;

        Instance(Map<String, String> group, String name, AlertState state, Instant lastData) {
            this.group = group;
            this.name = name;
            this.state = state;
            this.lastData = lastData;
        }
    }

    /** Immutable, in the order of the config; replaced as a whole under the engine's lock. */
    private volatile Map<String, Monitor> monitors;
    private final MetricData data;
    private final AlertStore alerts;
    private final LeaseGuard lease;
    private final String storeName;
    private final ChangeCommit commit;
    private final Counters counters;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration resolution;
    private final Duration settle;
    private final MonitorEvaluator evaluator = new MonitorEvaluator();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final StoreHealthTracker storeHealth;
    private boolean started;
    private volatile boolean closed;

    /**
     * An engine whose notifications go to {@code dispatcher}.
     *
     * @see #AlertEngine(List, MetricStore, NotificationTarget, Counters, Clock, ScheduledExecutorService, IngestSettings)
     */
    public AlertEngine(List<MonitorSpec> monitors, MetricStore store, Dispatcher dispatcher, Counters counters, Clock clock,
                       ScheduledExecutorService scheduler, IngestSettings ingest) {
        this(monitors, store, (NotificationTarget) dispatcher::dispatch, counters, clock, scheduler, ingest);
    }

    /**
     * An engine whose store outages are seen by no one else (in its logs and counters only).
     *
     * @see #AlertEngine(List, MetricStore, NotificationTarget, Counters, Clock, ScheduledExecutorService, IngestSettings, StoreHealthTracker)
     */
    public AlertEngine(List<MonitorSpec> monitors, MetricStore store, NotificationTarget target, Counters counters, Clock clock,
                       ScheduledExecutorService scheduler, IngestSettings ingest) {
        this(monitors, store, target, counters, clock, scheduler, ingest, new StoreHealthTracker(clock));
    }

    /**
     * @param monitors    the monitors, with unique names and a positive {@code evaluateEvery}
     * @param store       where values are read and alert states are kept
     * @param target      where notifications go
     * @param counters    where failed evaluations are counted
     * @param clock       the time of each evaluation
     * @param scheduler   runs the evaluations; owned and shut down by the caller
     * @param ingest      the ingest's settings: windows are widened to whole buckets of its resolution
     *                    and end its {@linkplain BucketWindow#settleDelay settle delay} before now
     * @param storeHealth where store failures and recoveries are reported
     * @throws IllegalArgumentException for a duplicate name or a non-positive {@code evaluateEvery}
     */
    public AlertEngine(List<MonitorSpec> monitors, MetricStore store, NotificationTarget target, Counters counters, Clock clock,
                       ScheduledExecutorService scheduler, IngestSettings ingest, StoreHealthTracker storeHealth) {
        this(monitors, store, store.alerts().orElseGet(MemoryAlertStore::new), LeaseGuard.SOLE, store.describe(), target, counters,
                clock, scheduler, ingest, storeHealth);
    }

    /**
     * @param data      where values are read
     * @param alerts    where alert states and the outbox are kept
     * @param lease     says whether to evaluate now and the fence to save under
     * @param storeName the store, for logs
     * @see #AlertEngine(List, MetricStore, NotificationTarget, Counters, Clock, ScheduledExecutorService, IngestSettings, StoreHealthTracker)
     */
    public AlertEngine(List<MonitorSpec> monitors, MetricData data, AlertStore alerts, LeaseGuard lease, String storeName,
                       NotificationTarget target, Counters counters, Clock clock, ScheduledExecutorService scheduler,
                       IngestSettings ingest, StoreHealthTracker storeHealth) {
        requireValid(monitors);
        this.storeHealth = storeHealth;
        this.data = data;
        this.alerts = alerts;
        this.lease = lease;
        this.storeName = storeName;
        this.resolution = ingest.resolution();
        this.settle = BucketWindow.settleDelay(ingest);
        this.commit = new ChangeCommit(alerts, target, counters);
        this.counters = counters;
        this.clock = clock;
        this.scheduler = scheduler;
        Instant now = clock.instant();
        Map<String, Monitor> byName = new LinkedHashMap<>();
        monitors.forEach(spec -> byName.put(spec.name(), new Monitor(spec, now)));
        this.monitors = Collections.unmodifiableMap(byName);
    }

    /**
     * Checks what the constructor and {@link #reconfigure} require of monitors.
     *
     * @throws IllegalArgumentException for a duplicate name or a non-positive {@code evaluateEvery}
     */
    public static void requireValid(List<MonitorSpec> monitors) {
        Set<String> names = new HashSet<>();
        for (MonitorSpec spec : monitors) {
            if (spec.evaluateEvery().isZero() || spec.evaluateEvery().isNegative()) {
                throw new IllegalArgumentException("monitor " + spec.name() + ": evaluateEvery must be positive, got "
                        + spec.evaluateEvery());
            }
            if (!names.add(spec.name())) {
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
            schedule(monitor, firstDelayNanos(monitor.spec));
        }
        log.info("alert engine started: {} monitor(s) on store {}", monitors.size(), storeName);
    }

    /**
     * Replaces the monitors with {@code specs}, matched by name, while the engine runs:
     * <ul>
     *   <li>a monitor whose rules are the same ({@link SameRules}) keeps its state and its schedule;</li>
     *   <li>a monitor whose rules changed keeps its alert state (status, level, since, episode, last
     *       notified) and is judged by its new rules from its next evaluation, which comes when the
     *       old schedule would have run it (at the latest one new {@code evaluateEvery} from now).
     *       So a threshold raised above the value resolves a firing monitor with a RESOLVED
     *       notification, a level that no longer exists is handled as {@link MonitorEvaluator}
     *       says, and a notification is never sent twice for one event;</li>
     *   <li>a removed monitor is no longer evaluated, without a notification; its saved state stays
     *       in the store, so a monitor added again under the same name resumes from it;</li>
     *   <li>a new monitor loads its saved state (if any) at its first evaluation, one
     *       {@code evaluateEvery} (plus its spread) from now.</li>
     * </ul>
     * Returns once no evaluation that began before the call is still running, so that the caller
     * may then retire what those evaluations used (e.g. a replaced notifier). Before {@link #start()}
     * nothing is scheduled.
     *
     * @return what changed, by monitor name
     * @throws IllegalArgumentException for a duplicate name or a non-positive {@code evaluateEvery};
     *                                  nothing is changed then
     * @throws IllegalStateException    after {@link #close()}
     */
    public Reconfiguration reconfigure(List<MonitorSpec> specs) {
        requireValid(specs);
        Instant now = clock.instant();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Collection<Monitor> before;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the alert engine is closed");
            }
            Map<String, Monitor> old = monitors;
            Map<String, Monitor> next = new LinkedHashMap<>();
            for (MonitorSpec spec : specs) {
                Monitor existing = old.get(spec.name());
                if (existing == null) {
                    Monitor monitor = new Monitor(spec, now);
                    if (started) {
                        schedule(monitor, firstDelayNanos(spec));
                    }
                    next.put(spec.name(), monitor);
                    added.add(spec.name());
                } else if (SameRules.test(existing.spec, spec)) {
                    existing.spec = spec;
                    next.put(spec.name(), existing);
                    unchanged.add(spec.name());
                } else {
                    next.put(spec.name(), replace(existing, spec));
                    changed.add(spec.name());
                }
            }
            for (Monitor monitor : old.values()) {
                if (!next.containsKey(monitor.spec.name())) {
                    retire(monitor);
                    removed.add(monitor.spec.name());
                    for (MonitorStatus status : monitor.statuses) {
                        if (status.state().equals(AlertStatus.FIRING.name())) {
                            log.warn("monitor {} removed by the new config while firing at level {}: no RESOLVED will be sent",
                                    status.name(), status.level());
                        }
                    }
                }
            }
            monitors = Collections.unmodifiableMap(next);
            before = old.values();
        }
        awaitEvaluations(before);
        return new Reconfiguration(added, changed, removed, unchanged);
    }

    /** A monitor with new rules in place of {@code existing}, with its alert state and the rest of its period. */
    private Monitor replace(Monitor existing, MonitorSpec spec) {
        long every = spec.evaluateEvery().toNanos();
        long delay = existing.task == null ? firstDelayNanos(spec) : Math.max(0, Math.min(existing.task.getDelay(TimeUnit.NANOSECONDS), every));
        retire(existing);
        Monitor replacement = new Monitor(spec, clock.instant());
        synchronized (existing) {
            // Instances are named by their group's tags: under other group tags they are other instances.
            if (existing.spec.groupBy().equals(spec.groupBy())) {
                replacement.instances = existing.instances;
                replacement.statuses = existing.statuses.stream().map(status -> new MonitorStatus(status.name(), status.state(),
                        status.level(), status.value(), spec.describe(), status.since(), status.lastNotified())).toList();
            }
            replacement.windowEnd = existing.windowEnd;
        }
        if (started) {
            schedule(replacement, delay);
        }
        return replacement;
    }

    /** Stops {@code monitor}'s evaluations; one in progress ends without effect on the next owner of its name. */
    private void retire(Monitor monitor) {
        if (monitor.task != null) {
            monitor.task.cancel(false);
        }
        synchronized (monitor) {
            monitor.retired = true;
        }
    }

    private void schedule(Monitor monitor, long initialDelayNanos) {
        long every = monitor.spec.evaluateEvery().toNanos();
        monitor.task = scheduler.scheduleAtFixedRate(() -> {
            countLag(monitor);
            evaluateGuarded(monitor);
        }, initialDelayNanos, every, TimeUnit.NANOSECONDS);
    }

    /** How late this run started: while a periodic task runs, its delay is still that of the run now due (negative once late). */
    private void countLag(Monitor monitor) {
        ScheduledFuture<?> task = monitor.task;
        counters.increment(Counters.EVALUATIONS_RUN);
        if (task != null) {
            counters.add(Counters.EVALUATIONS_LAG_MS, Math.max(0, -task.getDelay(TimeUnit.MILLISECONDS)));
        }
    }

    /** One {@code evaluateEvery}, plus a spread within it (at most {@link #MAX_SPREAD}) that depends only on the name. */
    static long firstDelayNanos(MonitorSpec spec) {
        long every = spec.evaluateEvery().toNanos();
        long range = Math.min(every, MAX_SPREAD.toNanos());
        long mixed = spec.name().hashCode() * 0x9E3779B97F4A7C15L;
        return every + Math.floorMod(mixed, range);
    }

    /** Returns once every evaluation of {@code monitors} that holds a monitor's lock now has ended. */
    private static void awaitEvaluations(Collection<Monitor> monitors) {
        for (Monitor monitor : monitors) {
            synchronized (monitor) {
                // Empty on purpose: once the lock is ours, the evaluation that held it is over.
            }
        }
    }

    /**
     * Evaluates one monitor now, on the calling thread, as a scheduled evaluation would; failures
     * are handled (counted, logged) as there, not thrown.
     *
     * @return the monitor's status afterwards; for a grouped monitor, that of its most severe
     *         instance (FIRING, then PENDING, then the first), or OK without a name's braces when
     *         it has none
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
        return summary(monitor);
    }

    private static MonitorStatus summary(Monitor monitor) {
        List<MonitorStatus> statuses = monitor.statuses;
        for (String state : List.of(AlertStatus.FIRING.name(), AlertStatus.PENDING.name())) {
            for (MonitorStatus status : statuses) {
                if (status.state().equals(state)) {
                    return status;
                }
            }
        }
        return statuses.get(0);
    }

    /** Evaluates every monitor now, one after the other, on the calling thread. */
    public void evaluateAll() {
        for (String name : monitors.keySet()) {
            evaluateNow(name);
        }
    }

    /**
     * Every monitor's status as of its last evaluation, in the order the monitors were given; a
     * grouped monitor's instances one by one in the order of their names (the monitor alone, OK,
     * while it has none).
     */
    public List<MonitorStatus> status() {
        Map<String, Monitor> current = monitors;
        List<MonitorStatus> out = new ArrayList<>(current.size());
        current.values().forEach(monitor -> out.addAll(monitor.statuses));
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
            monitors.values().stream().filter(monitor -> monitor.task != null).forEach(monitor -> monitor.task.cancel(false));
        }
        // No later evaluation starts, because it sees `closed`.
        awaitEvaluations(monitors.values());
    }

    private void loadSavedStates() {
        Map<String, AlertState> saved;
        try {
            saved = alerts.loadStates();
        } catch (StoreException e) {
            storeHealth.failed(StoreHealthTracker.Source.ALERTS, e.getMessage());
            log.warn("could not load saved alert states from store {}: {}; each monitor loads its own at its first evaluation",
                    storeName, e.getMessage());
            return;
        }
        Instant now = clock.instant();
        for (Monitor monitor : monitors.values()) {
            synchronized (monitor) {
                if (monitor.instances == null) {
                    monitor.instances = instancesOf(monitor.spec, saved, now);
                    List<MonitorStatus> statuses = new ArrayList<>();
                    monitor.instances.values().forEach(instance -> statuses.add(new MonitorStatus(instance.name, UNKNOWN,
                            instance.state.level(), instance.state.value(), monitor.spec.describe(), now, instance.state.lastNotified())));
                    if (!statuses.isEmpty()) {
                        statuses.sort(Comparator.comparing(MonitorStatus::name));
                        monitor.statuses = List.copyOf(statuses);
                    }
                }
            }
        }
    }

    /**
     * A monitor's instances from the saved states: the one named as the monitor, or for a grouped
     * monitor every saved instance of its groups, as if it had data now (so one that has none any
     * more follows no_data, and is forgotten {@code forget_after} from now).
     */
    private static Map<Map<String, String>, Instance> instancesOf(MonitorSpec spec, Map<String, AlertState> saved, Instant now) {
        Map<Map<String, String>, Instance> instances = new HashMap<>();
        if (!spec.isGrouped()) {
            AlertState state = saved.get(spec.name());
            instances.put(Map.of(), new Instance(Map.of(), spec.name(), state != null ? state : AlertState.initial(spec.name(), now), now));
            return instances;
        }
        saved.forEach((name, state) -> InstanceName.parse(name, spec.name(), spec.groupBy())
                .ifPresent(group -> instances.put(group, new Instance(group, name, state, now))));
        return instances;
    }

    private void evaluateGuarded(Monitor monitor) {
        try {
            evaluate(monitor);
        } catch (Error e) {
            Fatal.handle(e);
        } catch (RuntimeException e) {
            // Anything else (a bug, a plugin's exception, a store that cannot search by matchers) fails
            // this evaluation only; the schedule goes on, and the log hears of it once a minute at most.
            counters.increment(Counters.EVALUATIONS_FAILED);
            synchronized (monitor) {
                long now = clock.millis();
                if (monitor.failuresUnlogged < 0 || now - monitor.failureLoggedAt >= FAILURE_LOG_INTERVAL.toMillis()) {
                    String since = monitor.failuresUnlogged > 0 ? monitor.failuresUnlogged + " more failure(s) since the last logged; " : "";
                    log.error("evaluation of monitor {} failed: {} ({}logged at most once a minute, counted as {})",
                            monitor.spec.name(), e.toString(), since, Counters.EVALUATIONS_FAILED, e);
                    monitor.failureLoggedAt = now;
                    monitor.failuresUnlogged = 0;
                } else {
                    monitor.failuresUnlogged++;
                }
            }
        }
    }

    private void evaluate(Monitor monitor) {
        synchronized (monitor) {
            if (closed || monitor.retired) {
                return;
            }
            Optional<Fence> fence = lease.fence();
            if (fence.isEmpty()) {
                // The lease ran out without a renewal: another agent may hold it now, so judge nothing.
                return;
            }
            MonitorSpec spec = monitor.spec;
            Instant now = clock.instant();
            BucketWindow window;
            Map<Map<String, String>, Map<String, OptionalDouble>> values;
            List<ChangeCommit.Saved> saved = new ArrayList<>();
            try {
                if (monitor.instances == null) {
                    monitor.instances = instancesOf(spec, spec.isGrouped() ? alerts.loadStates()
                            : alerts.loadState(spec.name()).map(state -> Map.of(spec.name(), state)).orElse(Map.of()), now);
                }
                window = BucketWindow.settled(now, spec.window(), resolution, settle, monitor.windowEnd);
                values = read(monitor, spec, window);
                admitNewGroups(monitor, spec, values.keySet(), now);
                for (Instance instance : List.copyOf(monitor.instances.values())) {
                    Map<String, OptionalDouble> read = values.get(instance.group);
                    if (read != null) {
                        instance.lastData = now;
                    } else if (spec.isGrouped() && Duration.between(instance.lastData, now).compareTo(spec.forgetAfter()) > 0) {
                        forget(monitor, instance, fence.get());
                        continue;
                    }
                    OptionalDouble value = spec.value().evaluate(read != null ? read : nothing(spec, window));
                    noteIfNotFinite(spec, instance, value);
                    Evaluation evaluation = evaluator.evaluate(spec, instance.state, value, now);
                    if (!evaluation.next().equals(instance.state) || !evaluation.events().isEmpty()) {
                        saved.add(commit.save(new StateChange(spec, instance.group, instance.state, evaluation, now), fence.get()));
                    }
                    instance.state = evaluation.next();
                }
            } catch (FencedException e) {
                counters.increment(Counters.ALERT_SAVES_FENCED);
                log.warn("monitor {}: the state was not saved and nothing is sent: {}; another agent holds the lease",
                        spec.name(), e.getMessage());
                lease.fenced(e);
                // What was saved before the fence waits in the outbox for the next holder, which sends it once.
                return;
            } catch (StoreException e) {
                storeFailed(monitor, e, now);
                // Instances saved before the failure are in the store, their notifications in its outbox.
                saved.forEach(ChangeCommit.Saved::dispatch);
                return;
            }
            storeAnswered();
            monitor.windowEnd = window.to();
            publish(monitor, spec);
            saved.forEach(ChangeCommit.Saved::dispatch);
        }
    }

    /**
     * Each query's value by group: for a monitor that is not grouped, the one group {@code {}}
     * always; for a grouped one, the groups where some query has data. A query without data in a
     * group has the value of an empty window (0 for count, sum and rate; none for the others).
     */
    private Map<Map<String, String>, Map<String, OptionalDouble>> read(Monitor monitor, MonitorSpec spec, BucketWindow window) {
        Map<Map<String, String>, Map<String, OptionalDouble>> byGroup = new HashMap<>();
        int leftOut = 0;
        for (MonitorQuery query : spec.queries()) {
            GroupedValues found = data.readGrouped(query.selector(), spec.groupBy(), query.aggregate(), window.from(), window.to(),
                    spec.maxGroups());
            leftOut = Math.max(leftOut, found.groupsLeftOut());
            found.values().forEach((group, value) -> byGroup.computeIfAbsent(group, g -> nothing(spec, window)).put(query.name(), value));
        }
        if (!spec.isGrouped()) {
            byGroup.computeIfAbsent(Map.of(), g -> nothing(spec, window));
        }
        if (leftOut > 0) {
            groupsLeftOut(monitor, spec, leftOut, "the store left them out of its answer");
        }
        return byGroup;
    }

    /** Each query's value over an empty window. */
    private static Map<String, OptionalDouble> nothing(MonitorSpec spec, BucketWindow window) {
        Map<String, OptionalDouble> values = new HashMap<>();
        Duration length = Duration.between(window.from(), window.to());
        for (MonitorQuery query : spec.queries()) {
            values.put(query.name(), query.aggregate().of(MetricType.COUNTER, Stats.EMPTY, length));
        }
        return values;
    }

    /** New groups get an instance while the monitor has fewer than max_groups; the others are counted and logged. */
    private void admitNewGroups(Monitor monitor, MonitorSpec spec, Set<Map<String, String>> groups, Instant now) {
        int refused = 0;
        for (Map<String, String> group : groups.stream().sorted(Comparator.comparing(Object::toString)).toList()) {
            if (monitor.instances.containsKey(group)) {
                continue;
            }
            if (monitor.instances.size() >= Math.max(1, spec.isGrouped() ? spec.maxGroups() : 1)) {
                refused++;
                continue;
            }
            String name = InstanceName.of(spec.name(), group);
            monitor.instances.put(group, new Instance(group, name, AlertState.initial(name, now), now));
        }
        if (refused > 0) {
            groupsLeftOut(monitor, spec, refused, "it has max_groups (" + spec.maxGroups() + ") instances");
        } else {
            monitor.overMaxGroups = false;
        }
    }

    private void groupsLeftOut(Monitor monitor, MonitorSpec spec, int count, String why) {
        counters.add(Counters.GROUPS_DROPPED, count);
        if (!monitor.overMaxGroups) {
            monitor.overMaxGroups = true;
            log.warn("monitor {}: {} group(s) of {} have data but no alert instance, because {}; they are not judged until "
                    + "instances are forgotten (counted as {}; logged again when it starts again)", spec.name(), count,
                    String.join(",", spec.groupBy()), why, Counters.GROUPS_DROPPED);
        }
    }

    /** An instance without data for forget_after goes, without a notification, and so does its saved state. */
    private void forget(Monitor monitor, Instance instance, Fence fence) {
        alerts.forget(instance.name, fence);
        monitor.instances.remove(instance.group);
        counters.increment(Counters.INSTANCES_FORGOTTEN);
        log.info("monitor {}: forgotten after {} without data (it was {}); nothing is sent", instance.name,
                PluginConfig.formatDuration(monitor.spec.forgetAfter()), instance.state.status());
    }

    /** Publishes the instances' statuses, in the order of their names. */
    private static void publish(Monitor monitor, MonitorSpec spec) {
        List<MonitorStatus> statuses = new ArrayList<>();
        for (Instance instance : monitor.instances.values()) {
            statuses.add(statusOf(spec, instance.name, instance.state));
        }
        statuses.sort(Comparator.comparing(MonitorStatus::name));
        if (statuses.isEmpty()) {
            statuses.add(new MonitorStatus(spec.name(), AlertStatus.OK.name(), null, Double.NaN, spec.describe(),
                    monitor.statuses.get(0).since(), null));
        }
        monitor.statuses = List.copyOf(statuses);
    }

    /** Counts a value that is not finite (the evaluator keeps the state then), logging when it starts. */
    private void noteIfNotFinite(MonitorSpec spec, Instance instance, OptionalDouble value) {
        boolean notFinite = value.isPresent() && !Double.isFinite(value.getAsDouble());
        if (notFinite) {
            counters.increment(Counters.EVALUATIONS_NOT_FINITE);
            if (!instance.notFinite) {
                log.warn("monitor {}: its value ({}) is {} (a sum past the range of a double); it keeps its state, "
                        + "neither firing nor resolving, until the value is finite again", instance.name,
                        spec.describe(), value.getAsDouble());
            }
        }
        instance.notFinite = notFinite;
    }

    private void storeFailed(Monitor monitor, StoreException e, Instant now) {
        counters.increment(Counters.EVALUATIONS_FAILED);
        if (!UNKNOWN.equals(monitor.statuses.get(0).state())) {
            monitor.statuses = unknown(monitor, now);
        }
        storeHealth.failed(StoreHealthTracker.Source.ALERTS, e.getMessage());
        if (storeDown.compareAndSet(false, true)) {
            log.warn("store {} unavailable: {}; monitors keep their states (no fire, no resolve) until it answers",
                    storeName, e.getMessage());
        }
    }

    private void storeAnswered() {
        storeHealth.succeeded(StoreHealthTracker.Source.ALERTS);
        if (storeDown.compareAndSet(true, false)) {
            log.info("store {} available again; monitors are evaluated again", storeName);
        }
    }

    private static MonitorStatus statusOf(MonitorSpec spec, String name, AlertState state) {
        return new MonitorStatus(name, state.status().name(), state.level(), state.value(), spec.describe(),
                state.since(), state.lastNotified());
    }

    /** Each instance UNKNOWN since {@code now}, with what is known of its last state. */
    private static List<MonitorStatus> unknown(Monitor monitor, Instant now) {
        List<MonitorStatus> out = new ArrayList<>();
        for (MonitorStatus known : monitor.statuses) {
            out.add(new MonitorStatus(known.name(), UNKNOWN, known.level(), known.value(), monitor.spec.describe(), now,
                    known.lastNotified()));
        }
        return List.copyOf(out);
    }
}
