package dev.hawkeye.launcher;

import dev.hawkeye.core.plugin.PluginInfo;
import dev.hawkeye.core.plugin.PluginManager;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hawkeye plugins}: every transport, store and notifier found, built in or in the plugins folder. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "List the plugins found: kind, type, version, origin.")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    private CommonOptions options;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Table table = new Table("KIND", "TYPE", "VERSION", "ORIGIN");
        try (PluginManager plugins = PluginManager.load(options.pluginsDir(), HawkeyeCli.class.getClassLoader())) {
            for (PluginInfo plugin : plugins.plugins()) {
                table.row(plugin.kind().noun(), plugin.type(), plugin.version(), plugin.origin());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
        return 0;
    }
}
