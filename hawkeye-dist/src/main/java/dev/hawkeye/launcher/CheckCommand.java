package dev.hawkeye.launcher;

import dev.hawkeye.api.config.PluginConfig;
import dev.hawkeye.core.Hawkeye;
import dev.hawkeye.core.config.ConfigLoader;
import dev.hawkeye.core.config.ConfigPrinter;
import dev.hawkeye.core.config.Environment;
import dev.hawkeye.core.config.HawkeyeConfig;
import dev.hawkeye.core.plugin.PluginManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hawkeye check [FILE]}: loads the config and creates (without starting) what it names, as
 * {@code run} would; prints {@code OK: ...} and exits 0, or prints every problem and exits 2. With
 * {@code --print}, a valid config is printed instead as the version 2 file that means the same
 * (whatever version it is written in; secrets as {@code ***}).
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Validate a config file: exit 0 when it is valid, 2 with its problems when not.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    private HawkeyeCli cli;

    @Mixin
    private CommonOptions options;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the file to check (default: as --config)")
    private Path file;

    @Option(names = "--print", description = "print the valid config as the version 2 file that means the same (secrets as ***)")
    private boolean print;

    @Override
    public Integer call() {
        Environment environment = cli.environment();
        Path configFile = file != null ? file : options.configFile(environment);
        HawkeyeConfig config = SocketSettings.withSocket(new ConfigLoader(environment).load(configFile),
                options.socketOverride(environment));
        try (PluginManager plugins = PluginManager.load(options.pluginsDir(), HawkeyeCli.class.getClassLoader())) {
            Hawkeye.check(config, plugins);
        }
        PrintWriter err = spec.commandLine().getErr();
        config.warnings().forEach(warning -> err.println("warning: " + warning));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (print) {
            out.print(new ConfigPrinter().print(config));
        } else {
            out.println("OK: " + summary(config));
        }
        out.flush();
        return 0;
    }

    /** {@code 3 monitors, notifiers mail (email), ops (slack), store memory}. */
    static String summary(HawkeyeConfig config) {
        int monitors = config.monitors().size();
        Map<String, PluginConfig> sorted = new TreeMap<>(config.notifiers());
        String notifiers = sorted.isEmpty() ? "none" : sorted.entrySet().stream()
                .map(entry -> describe(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
        String store = config.store().type().orElse("memory");
        return monitors + (monitors == 1 ? " monitor" : " monitors") + ", notifiers " + notifiers + ", store " + store;
    }

    private static String describe(String name, PluginConfig notifier) {
        String type = notifier.type().orElse(name);
        return type.equals(name) ? name : name + " (" + type + ")";
    }
}
