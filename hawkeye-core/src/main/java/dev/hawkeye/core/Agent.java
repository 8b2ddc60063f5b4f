package dev.hawkeye.core;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.notify.Notifier;
import dev.hawkeye.api.store.AlertStore;
import dev.hawkeye.api.store.HistoryEvent;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.store.OutboxEntry;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.api.transport.MonitorStatus;
import dev.hawkeye.core.alert.AlertEngine;
import dev.hawkeye.core.alert.Reconfiguration;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.config.IngestSettings;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.notify.DispatchSettings;
import dev.hawkeye.core.notify.Dispatcher;
import dev.hawkeye.core.plugin.PluginManager;
import dev.hawkeye.core.store.MemoryAlertStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent part of a running hawkeye: the alert engine on its scheduler, the one
 * {@link Dispatcher} that owns a lane per named notifier, and the {@link AgentLease}.
 *
 * <p>The engine evaluates, and the dispatcher sends, only while this agent holds the store's
 * lease: of several agents sharing a store one evaluates and notifies, the others stand by (their
 * monitors show {@code UNKNOWN}) and one of them takes over when the holder's lease expires. On
 * taking over, an agent first queues what the outbox holds (notifications decided, by whichever
 * agent, but not delivered), then loads the saved states and evaluates. On standing by it stops
 * the engine and forgets what its dispatcher queued, without sending it: it stays in the outbox.
 * With a single-process store the lease is always held.
 *
 * <p>Not thread-safe: {@link Hawkeye} calls {@link #apply} and {@link #close} under its own lock;
 * {@link #status()} and the engine's dispatches may come from any thread, and the lease's changes
 * from its own thread.
 */
final class Agent implements AutoCloseable, AgentLease.Role {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final int EVALUATION_THREADS = 2;
    /** How many outbox entries a takeover queues at most (the outbox's default bound). */
    private static final int RESEND_LIMIT = MemoryAlertStore.DEFAULT_OUTBOX_LIMIT;
    private static final Duration RESEND_RETRY = Duration.ofSeconds(5);

    private final PluginManager plugins;
    private final Counters counters;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final MetricStore store;
    private final AlertStore alerts;
    private final StoreHealthTracker storeHealth;
    private final IngestSettings ingest;
    private final AgentLease lease;
    private final Dispatcher dispatcher;
    /** The notifiers' sections, to tell at a reload which changed. */
    private Map<String, PluginConfig> sections;
    /** Guards the engine's replacement and the fields below it. */
    private final Object engineLock = new Object();
    /** Started while this agent holds the lease; replaced by a new, unstarted one when it loses it. */
    private volatile AlertEngine engine;
    private List<MonitorSpec> monitors;
    private boolean evaluating;
    private boolean closed;

    private Agent(PluginManager plugins, Counters counters, Clock clock, HawkeyeConfig config, MetricStore store,
                  StoreHealthTracker storeHealth, Duration leaseTtl) {
        this.plugins = plugins;
        this.counters = counters;
        this.clock = clock;
        this.store = store;
        this.alerts = store.alerts().orElseGet(MemoryAlertStore::new);
        this.storeHealth = storeHealth;
        this.ingest = config.ingest();
        this.monitors = config.monitors();
        this.sections = config.notifiers();
        this.lease = new AgentLease(store.leases().orElse(null), store.describe(), leaseTtl, this);
        this.dispatcher = new Dispatcher(Map.of(), counters, clock, DispatchSettings.DEFAULTS, alerts, lease::maySend);
        this.scheduler = Executors.newScheduledThreadPool(EVALUATION_THREADS, daemonThreads("hawkeye-eval"));
        this.engine = newEngine(monitors);
    }

    private AlertEngine newEngine(List<MonitorSpec> specs) {
        return new AlertEngine(specs, store, alerts, lease, store.describe(), dispatcher::dispatch, counters, clock, scheduler,
                ingest, storeHealth);
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
        Agent agent = new Agent(plugins, counters, clock, config, store, storeHealth, leaseTtl);
        try {
            config.notifiers().forEach((name, section) -> agent.dispatcher.install(name, plugins.createNotifier(section)));
            agent.lease.start();
        } catch (RuntimeException e) {
            agent.close();
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
     * section changed (or that are new) are created first and installed in place of the old ones,
     * the engine is reconfigured (which waits for the evaluations begun under the old rules, so
     * their notifications still find a removed notifier), then the removed notifiers are taken out,
     * and the replaced and removed ones are closed once what they had queued is delivered (within
     * the dispatcher's close timeout).
     *
     * @return which monitors were added, changed, removed and kept; which notifiers were replaced
     * @throws dev.hawkeye.api.config.ConfigException when a new notifier section is invalid; nothing changed then
     */
    /** The last events of a monitor or instance, newest first, from the alert store this agent saves to. */
    List<HistoryEvent> history(String monitor) {
        return alerts.history(monitor, AlertStore.HISTORY_LIMIT);
    }

    /** The monitors evaluated now: the start's, or the last applied config's. */
    List<MonitorSpec> monitors() {
        synchronized (engineLock) {
            return monitors;
        }
    }

    ReloadSummary apply(HawkeyeConfig config) {
        AlertEngine.requireValid(config.monitors());
        Map<String, PluginConfig> before = sections;
        Map<String, Notifier> created = new LinkedHashMap<>();
        try {
            config.notifiers().forEach((name, section) -> {
                PluginConfig kept = before.get(name);
                if (kept == null || !kept.asMap().equals(section.asMap())) {
                    created.put(name, plugins.createNotifier(section));
                }
            });
        } catch (RuntimeException e) {
            created.values().forEach(Agent::closeQuietly);
            throw e;
        }
        List<Dispatcher.Retired> retiring = new ArrayList<>();
        created.forEach((name, notifier) -> retiring.add(dispatcher.install(name, notifier)));
        Reconfiguration reconfiguration;
        synchronized (engineLock) {
            monitors = config.monitors();
            reconfiguration = engine.reconfigure(monitors);
        }
        // Evaluations from now on judge by the new rules, whose routes name only the new notifiers.
        List<String> removed = new ArrayList<>();
        before.keySet().stream().filter(name -> !config.notifiers().containsKey(name)).forEach(name -> {
            retiring.add(dispatcher.remove(name));
            removed.add(name);
        });
        sections = config.notifiers();
        closeTogether(retiring);
        return new ReloadSummary(reconfiguration, List.copyOf(created.keySet()), removed);
    }

    /**
     * Stops the evaluations, delivers what is queued (bounded wait; what is left stays in the
     * outbox), closes the notifiers, and only then hands the lease back.
     */
    @Override
    public void close() {
        synchronized (engineLock) {
            closed = true;
            engine.close();
        }
        scheduler.shutdownNow();
        dispatcher.close();
        lease.close();
    }

    /**
     * Closes the retired lanes at the same time, so that the wait for what they have queued is one
     * close timeout in all, not one per notifier.
     */
    private static void closeTogether(List<Dispatcher.Retired> retired) {
        if (retired.size() <= 1) {
            retired.forEach(Dispatcher.Retired::close);
            return;
        }
        List<Thread> closers = new ArrayList<>();
        for (Dispatcher.Retired lane : retired) {
            Thread closer = new Thread(lane::close, "hawkeye-dispatcher-close");
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

    /**
     * Queues what the outbox holds, then starts the engine: it loads the alert states saved in the
     * store and evaluates from now on.
     */
    @Override
    public void takeOver() {
        synchronized (engineLock) {
            if (closed || evaluating) {
                return;
            }
            resendOutbox();
            engine.start();
            evaluating = true;
        }
    }

    /** Stops the engine (waiting for an evaluation in progress), keeps a new one ready, and forgets what is queued. */
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
        dispatcher.standBy();
    }

    /** Queues the outbox's entries; when the store cannot be read now, tries again shortly while this agent holds the lease. */
    private void resendOutbox() {
        List<OutboxEntry> entries;
        try {
            entries = alerts.outbox(RESEND_LIMIT);
        } catch (StoreException e) {
            log.warn("could not read the outbox of store {}: {}; trying again in {}", store.describe(), e.getMessage(),
                    PluginConfig.formatDuration(RESEND_RETRY));
            scheduler.schedule(this::resendIfHeld, RESEND_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (!entries.isEmpty()) {
            int queued = dispatcher.resend(entries);
            log.info("queued {} of the {} notification(s) left in the outbox of store {}", queued, entries.size(),
                    store.describe());
        }
    }

    private void resendIfHeld() {
        synchronized (engineLock) {
            if (!closed && evaluating) {
                resendOutbox();
            }
        }
    }

    private static void closeQuietly(Notifier notifier) {
        try {
            notifier.close();
        } catch (RuntimeException e) {
            log.warn("notifier failed to close: {}", e.getMessage());
        }
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
