package dev.hawkeye.launcher;

import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.ConfigWatcher;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run}, {@code server} and {@code agent}: loads the config and the plugins, starts the
 * parts, and keeps running until SIGTERM or SIGINT, which stop it cleanly (flush, close the
 * socket, remove the socket file) with exit code 0. A second signal during the stop exits at once
 * with 1. Any other exit of the JVM runs the same stop from a shutdown hook. An {@link Error} on
 * any of its threads halts it with {@value FatalErrorHandler#FATAL_ERROR} ({@link FatalErrorHandler}).
 *
 * <p>When the agent runs ({@code run}, {@code agent}), the config file is reloaded when it changes
 * and on SIGHUP (which also reads {@code .env} again): a valid file applies without a restart
 * ({@link Hawkeye#reload}); an invalid one is logged with its problems and the running config stays.
 */
abstract class DaemonCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DaemonCommand.class);
    /** How long the config's folder must be quiet after a change before the file is read (editors write in steps). */
    private static final Duration RELOAD_DEBOUNCE = Duration.ofMillis(500);

    @ParentCommand
    private HawkeyeCli cli;

    @Mixin
    private CommonOptions options;

    @Option(names = "--statsd", paramLabel = "ADDR",
            description = "also receive StatsD/DogStatsD on this UDP address, e.g. 127.0.0.1:8125 (sets the statsd transport's udp)")
    private String statsd;

    @Option(names = "--http", paramLabel = "ADDR",
            description = "serve the console, the HTTP API and /metrics on this address, e.g. 127.0.0.1:9466, or off"
                    + " (default: $HAWKEYE_HTTP, else the config's http: listen, else 127.0.0.1:9466)")
    private String http;

    private final boolean server;
    private final boolean agent;

    DaemonCommand(boolean server, boolean agent) {
        this.server = server;
        this.agent = agent;
    }

    @Override
    public Integer call() throws Exception {
        Thread.setDefaultUncaughtExceptionHandler(FatalErrorHandler.forThisProcess());
        Environment environment = cli.environment();
        Path configFile = options.configFile(environment);
        Optional<HttpOption.Choice> httpChoice = HttpOption.chosen(http, environment);
        HawkeyeConfig config = withOverrides(new ConfigLoader(environment).load(configFile), options.socketOverride(environment),
                httpChoice);
        PluginManager plugins = PluginManager.load(options.pluginsDir(), HawkeyeCli.class.getClassLoader());
        Hawkeye hawkeye;
        try {
            hawkeye = Hawkeye.builder().config(config).plugins(plugins).clock(Clock.systemUTC())
                    .server(server).agent(agent).start();
        } catch (Exception | Error e) {
            plugins.close();
            throw e;
        }
        ConfigWatcher watcher = agent ? watch(configFile, environment, hawkeye, httpChoice) : null;
        Stopper stopper = new Stopper(hawkeye, plugins, watcher);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper, "hawkeye-shutdown"));
        AtomicBoolean stopping = new AtomicBoolean();
        StopSignals.install(signal -> {
            if (stopping.compareAndSet(false, true)) {
                log.info("received SIG{}: stopping", signal);
                stopper.run();
            } else {
                // A second Ctrl-C means the user will not wait for a stop that hangs.
                log.warn("received SIG{} again: exiting without waiting for the stop to finish", signal);
                Runtime.getRuntime().halt(FailureHandler.RUNTIME_FAILURE);
            }
        });
        log.info("hawkeye {} running with {} ({} monitor(s)){}; stop with SIGTERM or Ctrl-C",
                describeParts(), configFile, config.monitors().size(),
                hawkeye.httpAddress().startsWith("http://") ? "; console and API at " + hawkeye.httpAddress() : "");
        hawkeye.awaitClose();
        stopper.run();
        return stopper.failed() ? FailureHandler.RUNTIME_FAILURE : 0;
    }

    /**
     * Reloads {@code configFile} into {@code hawkeye} when it changes and on SIGHUP. Each reload
     * reads {@code .env} again, as a start would, and applies the overrides the start applied, so
     * that they are not taken for a transport change.
     */
    private ConfigWatcher watch(Path configFile, Environment environment, Hawkeye hawkeye, Optional<HttpOption.Choice> httpChoice) {
        Optional<CommonOptions.SocketChoice> socket = options.socketOverride(environment);
        ConfigWatcher watcher = new ConfigWatcher(configFile,
                path -> withOverrides(new ConfigLoader(cli.freshEnvironment()).load(path), socket, httpChoice),
                hawkeye::reload, RELOAD_DEBOUNCE);
        try {
            watcher.start();
        } catch (IOException e) {
            log.warn("cannot watch {} for changes ({}); reload it with SIGHUP", configFile, e.toString());
        }
        boolean signal = ReloadSignal.install(() -> {
            log.info("received SIGHUP: reloading {}", configFile);
            watcher.reloadNow();
        });
        if (!signal) {
            log.warn("SIGHUP is ignored by this process (nohup?); the config reloads only when its file changes");
        }
        return watcher;
    }

    /**
     * The command line's say over the config's transports and HTTP server: {@code --socket},
     * {@code --statsd} and {@code --http} (or their variables).
     */
    private HawkeyeConfig withOverrides(HawkeyeConfig config, Optional<CommonOptions.SocketChoice> socket,
                                        Optional<HttpOption.Choice> httpChoice) {
        return HttpOption.withHttp(StatsdOption.withStatsd(SocketSettings.withSocket(config, socket), statsd), httpChoice);
    }

    private String describeParts() {
        if (server && agent) {
            return "server and agent";
        }
        return server ? "server" : "agent";
    }

    /** Closes hawkeye and then the plugins once; a second caller waits until the first is done. */
    private static final class Stopper implements Runnable {
        private final Hawkeye hawkeye;
        private final PluginManager plugins;
        private final ConfigWatcher watcher;
        private boolean stopped;
        private boolean failed;

        /** @param watcher the config's watcher, closed first; null when there is none */
        Stopper(Hawkeye hawkeye, PluginManager plugins, ConfigWatcher watcher) {
            this.hawkeye = hawkeye;
            this.plugins = plugins;
            this.watcher = watcher;
        }

        @Override
        public synchronized void run() {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                if (watcher != null) {
                    watcher.close();
                }
                hawkeye.close();
                plugins.close();
                log.info("stopped after the final flush: {}", describe(hawkeye.counters().snapshot()));
            } catch (RuntimeException e) {
                failed = true;
                log.error("stopping failed: {}", e.toString(), e);
            }
        }

        synchronized boolean failed() {
            return failed;
        }

        private static String describe(Map<String, Long> counters) {
            if (counters.isEmpty()) {
                return "nothing was recorded";
            }
            return counters.entrySet().stream().map(counter -> counter.getKey() + "=" + counter.getValue())
                    .collect(Collectors.joining(", "));
        }
    }
}
