package dev.hawkeye.core;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notification;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.alert.AlertEngine;
import dev.hawkeye.core.alert.NotificationTarget;
import dev.hawkeye.core.alert.Reconfiguration;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.plugin.PluginManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent part of a running hawkeye: the alert engine on its scheduler, and one
 * {@link Dispatcher} per named notifier, so that a reload can replace one notifier (whose section
 * changed) without touching the queue, retries and thread of the others.
 *
 * <p>The engine evaluates only while this agent holds the store's lease ({@link AgentLease}): of
 * several agents sharing a store one evaluates and notifies, the others stand by (their monitors
 * show {@code UNKNOWN}) and one of them takes over, with the alert states saved in the store, when
 * the holder's lease expires. With a single-process store the lease is always held.
 *
 * <p>Not thread-safe: {@link Hawkeye} calls {@link #apply} and {@link #close} under its own lock;
 * {@link #status()} and the engine's dispatches may come from any thread, and the lease's changes
 * from its own thread.
 */
final class Agent implements AutoCloseable, AgentLease.Role {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final int EVALUATION_THREADS = 2;

    /** One notifier's section and the dispatcher that owns the notifier made from it. */
    private record Lane(PluginConfig section, Dispatcher dispatcher) {
    }

    private final PluginManager plugins;
    private final Counters counters;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final MetricStore store;
    private final StoreHealthTracker storeHealth;
    private final IngestSettings ingest;
    /** Guards the engine's replacement and the three fields below it. */
    private final Object engineLock = new Object();
    /** Started while this agent holds the lease; replaced by a new, unstarted one when it loses it. */
    private volatile AlertEngine engine;
    private List<MonitorSpec> monitors;
    private boolean evaluating;
    private boolean closed;
    private AgentLease lease;
    /** Read by evaluation threads, replaced as a whole by {@link #apply}. */
    private volatile Map<String, Lane> lanes;

    private Agent(PluginManager plugins, Counters counters, Clock clock, ScheduledExecutorService scheduler,
                  Map<String, Lane> lanes, HawkeyeConfig config, MetricStore store, StoreHealthTracker storeHealth) {
        this.plugins = plugins;
        this.counters = counters;
        this.clock = clock;
        this.scheduler = scheduler;
        this.lanes = lanes;
        this.store = store;
        this.storeHealth = storeHealth;
        this.ingest = config.ingest();
        this.monitors = config.monitors();
        this.engine = newEngine(monitors);
    }

    private AlertEngine newEngine(List<MonitorSpec> specs) {
        return new AlertEngine(specs, store, (NotificationTarget) this::dispatch, counters, clock, scheduler, ingest, storeHealth);
    }

    /**
     * Creates the notifiers of {@code config} and starts evaluating its monitors, reporting store
     * failures to {@code storeHealth}.
     *
     * @throws dev.hawkeye.api.config.ConfigException when a notifier section is invalid; what was created is closed
     */
    static Agent start(HawkeyeConfig config, PluginManager plugins, MetricStore store, Counters counters, Clock clock,
                       StoreHealthTracker storeHealth) {
        return start(config, plugins, store, counters, clock, storeHealth, AgentLease.DEFAULT_TTL);
    }

    /** As {@link #start(HawkeyeConfig, PluginManager, MetricStore, Counters, Clock, StoreHealthTracker)}, with the lease's time to live. */
    static Agent start(HawkeyeConfig config, PluginManager plugins, MetricStore store, Counters counters, Clock clock,
                       StoreHealthTracker storeHealth, Duration leaseTtl) {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        try {
            config.notifiers().forEach((name, section) -> lanes.put(name, lane(name, section, plugins, counters, clock)));
        } catch (RuntimeException e) {
            lanes.values().forEach(lane -> lane.dispatcher().close());
            throw e;
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(EVALUATION_THREADS, daemonThreads("hawkeye-eval"));
        Agent agent = null;
        try {
            agent = new Agent(plugins, counters, clock, scheduler, Collections.unmodifiableMap(lanes), config, store, storeHealth);
            agent.lease = new AgentLease(store, leaseTtl, agent);
            agent.lease.start();
        } catch (RuntimeException e) {
            if (agent != null && agent.lease != null) {
                agent.lease.close();
            }
            scheduler.shutdownNow();
            lanes.values().forEach(lane -> lane.dispatcher().close());
            throw e;
        }
        if (agent.lease.isHeld()) {
            log.info("evaluating {} monitor(s) from {}", config.monitors().size(), config.source());
        }
        return agent;
    }

    List<MonitorStatus> status() {
        return engine.status();
    }

    /**
     * Applies the notifiers and monitors of {@code config} (already validated): notifiers whose
     * section changed (or that are new) are created and installed beside the removed ones, the
     * engine is reconfigured (which waits for the evaluations begun under the old rules, so their
     * notifications still find a removed notifier), then the new notifiers alone are published and
     * the replaced and removed ones are closed once what they had queued is delivered (within the
     * dispatcher's close timeout).
     *
     * @return which monitors were added, changed, removed and kept; which notifiers were replaced
     * @throws dev.hawkeye.api.config.ConfigException when a new notifier section is invalid; nothing changed then
     */
    ReloadSummary apply(HawkeyeConfig config) {
        AlertEngine.requireValid(config.monitors());
        Map<String, Lane> before = lanes;
        Map<String, Lane> after = new LinkedHashMap<>();
        List<String> replaced = new ArrayList<>();
        try {
            config.notifiers().forEach((name, section) -> {
                Lane kept = before.get(name);
                if (kept != null && kept.section().asMap().equals(section.asMap())) {
                    after.put(name, kept);
                } else {
                    after.put(name, lane(name, section, plugins, counters, clock));
                    replaced.add(name);
                }
            });
        } catch (RuntimeException e) {
            after.forEach((name, lane) -> {
                if (before.get(name) != lane) {
                    lane.dispatcher().close();
                }
            });
            throw e;
        }
        // An evaluation that began under the old rules may still dispatch to a removed notifier: keep the
        // retiring lanes reachable (a replaced name already reaches its new lane) until the engine says no
        // such evaluation runs any more, then publish the new lanes alone.
        Map<String, Lane> during = new LinkedHashMap<>(after);
        List<String> retired = new ArrayList<>();
        List<Dispatcher> closing = new ArrayList<>();
        before.forEach((name, lane) -> {
            if (after.get(name) != lane) {
                during.putIfAbsent(name, lane);
                closing.add(lane.dispatcher());
                retired.add(name);
            }
        });
        lanes = Collections.unmodifiableMap(during);
        Reconfiguration reconfiguration;
        synchronized (engineLock) {
            monitors = config.monitors();
            reconfiguration = engine.reconfigure(monitors);
        }
        // Evaluations from now on judge by the new rules, whose routes name only notifiers of `after`.
        lanes = Collections.unmodifiableMap(after);
        closeTogether(closing);
        return new ReloadSummary(reconfiguration, replaced, retired.stream().filter(name -> !after.containsKey(name)).toList());
    }

    /** Stops the evaluations, then delivers what is queued (bounded wait) and closes the notifiers. */
    @Override
    public void close() {
        lease.close();
        synchronized (engineLock) {
            closed = true;
            engine.close();
        }
        scheduler.shutdownNow();
        closeTogether(lanes.values().stream().map(Lane::dispatcher).toList());
    }

    /**
     * Closes the dispatchers at the same time, so that the wait for what they have queued is one
     * dispatcher's close timeout in all, not one per notifier.
     */
    private static void closeTogether(List<Dispatcher> dispatchers) {
        if (dispatchers.size() == 1) {
            dispatchers.get(0).close();
            return;
        }
        List<Thread> closers = new ArrayList<>();
        for (Dispatcher dispatcher : dispatchers) {
            Thread closer = new Thread(dispatcher::close, "hawkeye-dispatcher-close");
            closer.start();
            closers.add(closer);
        }
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("interrupted while notifiers delivered what they had queued");
                return;
            }
        }
    }

    /** Starts the engine: it loads the alert states saved in the store and evaluates from now on. */
    @Override
    public void takeOver() {
        synchronized (engineLock) {
            if (closed || evaluating) {
                return;
            }
            engine.start();
            evaluating = true;
        }
    }

    /** Stops the engine (waiting for an evaluation in progress) and keeps a new one ready for a later takeover. */
    @Override
    public void standBy() {
        synchronized (engineLock) {
            if (closed || !evaluating) {
                return;
            }
            engine.close();
            engine = newEngine(monitors);
            evaluating = false;
        }
    }

    private boolean dispatch(String via, Notification notification) {
        Lane lane = lanes.get(via);
        if (lane == null) {
            // Routes are validated against the notifiers, so this is a bug; still never silent.
            counters.increment(Counters.NOTIFICATIONS_FAILED);
            log.error("notification {} of monitor {} not sent: no notifier named '{}' (known: {})", notification.id(),
                    notification.monitor(), via, lanes.keySet());
            return false;
        }
        return lane.dispatcher().dispatch(via, notification);
    }

    private static Lane lane(String name, PluginConfig section, PluginManager plugins, Counters counters, Clock clock) {
        Notifier notifier = plugins.createNotifier(section);
        return new Lane(section, new Dispatcher(Map.of(name, notifier), counters, clock));
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
