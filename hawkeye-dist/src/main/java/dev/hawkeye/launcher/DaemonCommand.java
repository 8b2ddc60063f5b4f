package dev.hawkeye.launcher;

import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run}, {@code server} and {@code agent}: loads the config and the plugins, starts the
 * parts, and keeps running until SIGTERM or SIGINT, which stop it cleanly (flush, close the
 * socket, remove the socket file) with exit code 0. A second signal during the stop exits at once
 * with 1. Any other exit of the JVM runs the same stop from a shutdown hook.
 */
abstract class DaemonCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DaemonCommand.class);

    @ParentCommand
    private HawkeyeCli cli;

    @Mixin
    private CommonOptions options;

    private final boolean server;
    private final boolean agent;

    DaemonCommand(boolean server, boolean agent) {
        this.server = server;
        this.agent = agent;
    }

    @Override
    public Integer call() throws Exception {
        Environment environment = cli.environment();
        Path configFile = options.configFile(environment);
        HawkeyeConfig config = SocketSettings.withSocket(new ConfigLoader(environment).load(configFile),
                options.socketOverride(environment));
        PluginManager plugins = PluginManager.load(options.pluginsDir(), HawkeyeCli.class.getClassLoader());
        Hawkeye hawkeye;
        try {
            hawkeye = Hawkeye.builder().config(config).plugins(plugins).clock(Clock.systemUTC())
                    .server(server).agent(agent).start();
        } catch (Exception | Error e) {
            plugins.close();
            throw e;
        }
        Stopper stopper = new Stopper(hawkeye, plugins);
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
        log.info("hawkeye {} running with {} ({} monitor(s)); stop with SIGTERM or Ctrl-C",
                describeParts(), configFile, config.monitors().size());
        hawkeye.awaitClose();
        stopper.run();
        return stopper.failed() ? FailureHandler.RUNTIME_FAILURE : 0;
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
        private boolean stopped;
        private boolean failed;

        Stopper(Hawkeye hawkeye, PluginManager plugins) {
            this.hawkeye = hawkeye;
            this.plugins = plugins;
        }

        @Override
        public synchronized void run() {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
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
