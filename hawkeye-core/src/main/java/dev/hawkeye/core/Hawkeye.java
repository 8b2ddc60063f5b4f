package dev.hawkeye.core;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.api.config.Spelling;
import dev.hawkeye.api.store.MetricStore;
import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.StatusReport;
import dev.hawkeye.api.transport.Transport;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.config.MonitorSpec;
import dev.hawkeye.core.config.NotifyRoute;
import dev.hawkeye.core.config.TriggerSpec;
import dev.hawkeye.core.ingest.Aggregator;
import dev.hawkeye.core.plugin.PluginKind;
import dev.hawkeye.core.plugin.PluginManager;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hawkeye: the server (transport → aggregator → store), the agent (alert engine →
 * dispatcher → notifiers), or both, started from code the same way the launcher starts them.
 *
 * <pre>{@code
 * try (Hawkeye hawkeye = Hawkeye.builder().config(config).plugins(plugins).start()) {
 *     hawkeye.awaitClose();
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} either returns a fully started instance or throws with everything it
 * had started closed again. {@link #reload} applies a new configuration while it runs.
 * {@link #close()} stops accepting, flushes the aggregator, stops the evaluations, delivers queued
 * notifications (bounded wait) and closes the plugins; it is idempotent and thread-safe.
 */
public final class Hawkeye implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hawkeye.class);

    private final Counters counters;
    /** Guarded by itself, as are {@link #config} changes and reloads. */
    private final Deque<AutoCloseable> closeOrder;
    private final Aggregator aggregator;
    private final QueryService queryService;
    /** Empty when the server part is not running. */
    private final List<Transport> transports;
    private final Agent agent;
    /** The HTTP server; null when turned off. */
    private final Transport http;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile HawkeyeConfig config;

    private Hawkeye(HawkeyeConfig config, Counters counters, Deque<AutoCloseable> closeOrder, Aggregator aggregator,
                    QueryService queryService, List<Transport> transports, Agent agent, Transport http) {
        this.config = config;
        this.counters = counters;
        this.closeOrder = closeOrder;
        this.aggregator = aggregator;
        this.queryService = queryService;
        this.transports = List.copyOf(transports);
        this.agent = agent;
        this.http = http;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates a configuration against the plugins without starting anything: every plugin
     * section is created (so each factory validates its settings) and closed again, and every
     * {@code notify:} route must name a defined notifier.
     *
     * @throws ConfigException with every problem found
     */
    public static void check(HawkeyeConfig config, PluginManager plugins) {
        checkRoutes(config);
        List<ConfigProblem> problems = new ArrayList<>();
        tryCreate(problems, () -> plugins.createStore(config.store()));
        config.transports().forEach(section -> tryCreate(problems, () -> plugins.createTransport(section)));
        if (servesHttp(config, plugins)) {
            tryCreate(problems, () -> plugins.createTransport(config.http()));
        }
        config.notifiers().values().forEach(section -> tryCreate(problems, () -> plugins.createNotifier(section)));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** The configuration running now: the one started with, or the last one {@link #reload} applied. */
    public HawkeyeConfig config() {
        return config;
    }

    /**
     * Applies {@code next} without a restart, or refuses it as a whole, leaving the running
     * configuration as it was. Monitors and notifiers change as {@link ReloadSummary} reports: a
     * monitor whose rules did not change keeps its state and schedule, a changed one keeps its
     * alert state (see {@link dev.hawkeye.core.alert.AlertEngine#reconfigure}), a notifier whose
     * section changed is created anew (and the old one closed once its queue is delivered). The
     * store, and while the server part runs the transport and the ingest settings, cannot change
     * without a restart: a config that changes them is refused. Thread-safe; reloads run one at a
     * time.
     *
     * @return what changed
     * @throws ConfigException       when {@code next} is refused: a route names no notifier, a new
     *                               notifier section is invalid, or the store, transport or ingest
     *                               settings changed; each problem says which
     * @throws IllegalStateException after {@link #close()}
     */
    public ReloadSummary reload(HawkeyeConfig next) {
        synchronized (closeOrder) {
            if (closed.getCount() == 0 || closeOrder.isEmpty()) {
                throw new IllegalStateException("this hawkeye is closed");
            }
            HawkeyeConfig running = config;
            List<ConfigProblem> needRestart = new ArrayList<>();
            if (!running.store().asMap().equals(next.store().asMap())) {
                needRestart.add(next.store().problem("", "the store cannot change while hawkeye runs; restart hawkeye to use"
                        + " this store (the running config stays)"));
            }
            if (!transports.isEmpty() && !sectionsOf(running.transports()).equals(sectionsOf(next.transports()))) {
                needRestart.add(new ConfigProblem(next.source(), "transport", "the transports cannot change while hawkeye runs;"
                        + " restart hawkeye to use them (the running config stays)"));
            }
            if (!Objects.equals(sectionOf(running.http()), sectionOf(next.http()))) {
                needRestart.add(new ConfigProblem(next.source(), "http", "the HTTP server cannot change while hawkeye runs;"
                        + " restart hawkeye to use it (the running config stays)"));
            }
            if (aggregator != null && !running.ingest().equals(next.ingest())) {
                needRestart.add(new ConfigProblem(next.source(), "ingest", "the ingest settings cannot change while hawkeye runs;"
                        + " restart hawkeye to use them (the running config stays)"));
            }
            if (!needRestart.isEmpty()) {
                throw new ConfigException(needRestart);
            }
            ReloadSummary summary = ReloadSummary.NOTHING;
            if (agent != null) {
                checkRoutes(next);
                summary = agent.apply(next);
            }
            config = next;
            next.warnings().forEach(log::warn);
            log.info("config reloaded from {}: {}", next.source(), summary);
            return summary;
        }
    }

    /** The sink points go to (the aggregator); null when the server part is not running. */
    public MetricSink sink() {
        return aggregator;
    }

    /** Window reads and status, as the transport answers them. */
    public QueryService queryService() {
        return queryService;
    }

    /** The monitors' states, the drop counters and whether the store answers. */
    public StatusReport status() {
        return queryService.status();
    }

    /** The counters of what was accepted, dropped and failed. */
    public Counters counters() {
        return counters;
    }

    /** Where the transports listen ({@code unix:/tmp/hawkeye.sock, statsd:udp:127.0.0.1:8125}), or empty text when the server part is not running. */
    public String address() {
        return String.join(", ", transports.stream().map(Transport::describe).toList());
    }

    /** Where the HTTP server serves ({@code http://127.0.0.1:9466/}), as it describes itself; empty text when it is off. */
    public String httpAddress() {
        return http == null ? "" : http.describe();
    }

    /** Writes what the aggregator holds to the store now (normally done every flush interval). */
    public void flush() {
        if (aggregator != null) {
            aggregator.flush();
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        synchronized (closeOrder) {
            closeAll(closeOrder);
        }
        closed.countDown();
    }

    private static void closeAll(Deque<AutoCloseable> closeOrder) {
        while (!closeOrder.isEmpty()) {
            AutoCloseable part = closeOrder.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", part, e.toString());
            }
        }
    }

    private static void checkRoutes(HawkeyeConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (MonitorSpec monitor : config.monitors()) {
            for (TriggerSpec trigger : monitor.triggers()) {
                for (NotifyRoute route : trigger.routes()) {
                    if (!config.notifiers().containsKey(route.via())) {
                        problems.add(route.settings().problem("via", "no notifier named '" + route.via() + "'; defined: "
                                + String.join(", ", config.notifiers().keySet())
                                + Spelling.hint(route.via(), config.notifiers().keySet())));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private interface PluginCreation {
        AutoCloseable create();
    }

    private static void tryCreate(List<ConfigProblem> problems, PluginCreation creation) {
        try (AutoCloseable ignored = creation.create()) {
            // created and valid; closed at once
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (Exception e) {
            problems.add(new ConfigProblem("", "", e.getMessage()));
        }
    }

    /** Configures and starts a {@link Hawkeye}. */
    public static final class Builder {
        private HawkeyeConfig config;
        private PluginManager plugins;
        private Clock clock = Clock.systemUTC();
        private boolean server = true;
        private boolean agent = true;

        private Builder() {
        }

        /** The configuration to run (required). */
        public Builder config(HawkeyeConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Where plugins come from (default: the built-ins on the class path). The caller keeps
         * ownership of a manager it passes and closes it after this hawkeye.
         */
        public Builder plugins(PluginManager plugins) {
            this.plugins = plugins;
            return this;
        }

        /** The clock for timestamps, windows and schedules (tests pass a controllable one). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Whether to run the server part: transport, aggregator (default true). */
        public Builder server(boolean server) {
            this.server = server;
            return this;
        }

        /** Whether to run the agent part: alert engine, dispatcher, notifiers (default true). */
        public Builder agent(boolean agent) {
            this.agent = agent;
            return this;
        }

        /**
         * Starts the configured parts.
         *
         * @throws ConfigException when a plugin section is invalid or a route names no notifier
         * @throws IOException     when the transport cannot listen (e.g. another hawkeye runs)
         */
        public Hawkeye start() throws IOException {
            Objects.requireNonNull(config, "config");
            if (agent) {
                checkRoutes(config);
            }
            Counters counters = new Counters();
            // One for the process: a server reports failed writes, an agent failed reads, `run` both.
            StoreHealthTracker storeHealth = new StoreHealthTracker(clock);
            Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
            if (plugins == null) {
                plugins = PluginManager.load(null, Hawkeye.class.getClassLoader());
                closeOrder.push(named("built-in plugins", plugins));
            }
            try {
                MetricStore store = plugins.createStore(config.store());
                closeOrder.push(named("store " + store.describe(), store));
                Agent running = null;
                if (agent) {
                    running = Agent.start(config, plugins, store, counters, clock, storeHealth);
                    closeOrder.push(named("agent", running));
                }
                Aggregator aggregator = null;
                if (server) {
                    aggregator = new Aggregator(config.ingest(), store, counters, clock, storeHealth);
                    aggregator.start();
                    closeOrder.push(named("aggregator", aggregator));
                }
                // Read by status while the transports start: a status asked then sees those started so far.
                List<Transport> transports = new CopyOnWriteArrayList<>();
                List<Transport> counted = new CopyOnWriteArrayList<>();
                Agent agentPart = running;
                QueryService queryService = new CoreQueryService(store,
                        running == null ? List::of : running::status,
                        running == null ? List::of : () -> MonitorDefinitions.of(agentPart.monitors()),
                        running == null ? monitor -> List.of() : running::history, counters,
                        aggregator == null ? Map::of : aggregator::pendingLevels, () -> countersOf(counted), clock,
                        config.ingest().resolution(), storeHealth);
                Transport http = null;
                if (servesHttp(config, plugins)) {
                    // Every daemon serves HTTP; an agent alone has no sink, so it answers no points. Before the
                    // transports: a client that reaches the socket finds the daemon wholly started.
                    http = plugins.createTransport(config.http());
                    closeOrder.push(named("http " + http.describe(), http));
                    http.start(aggregator, queryService);
                    counted.add(http);
                    if (http.describe().startsWith("http://")) {
                        log.info("serving HTTP on {}", http.describe()); // else the plugin said why it serves nothing
                    }
                }
                if (server) {
                    for (PluginConfig section : config.transports()) {
                        Transport transport = plugins.createTransport(section);
                        closeOrder.push(named("transport " + transport.describe(), transport));
                        transport.start(aggregator, queryService);
                        transports.add(transport);
                        counted.add(transport);
                        log.info("listening on {}", transport.describe());
                    }
                }
                config.warnings().forEach(log::warn);
                return new Hawkeye(config, counters, closeOrder, aggregator, queryService, transports, running, http);
            } catch (RuntimeException | IOException e) {
                closeAll(closeOrder);
                throw e;
            }
        }
    }

    private static List<Map<String, Object>> sectionsOf(List<PluginConfig> transports) {
        return transports.stream().map(PluginConfig::asMap).toList();
    }

    /**
     * Whether to start the HTTP server: when the config has an {@code http:} section, except the
     * default one where no {@code http} plugin is installed (an embedding without it, or tests).
     */
    private static boolean servesHttp(HawkeyeConfig config, PluginManager plugins) {
        if (config.http() == null) {
            return false;
        }
        boolean installed = plugins.types(PluginKind.TRANSPORT).contains(config.http().type().orElse(""));
        return installed || !config.http().keys().equals(Set.of("type"));
    }

    private static Map<String, Object> sectionOf(PluginConfig section) {
        return section == null ? null : section.asMap();
    }

    private static Map<String, Long> countersOf(List<Transport> transports) {
        Map<String, Long> all = new TreeMap<>();
        transports.forEach(transport -> all.putAll(transport.counters()));
        return all;
    }

    private static AutoCloseable named(String name, AutoCloseable part) {
        return new AutoCloseable() {
            @Override
            public void close() throws Exception {
                part.close();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
