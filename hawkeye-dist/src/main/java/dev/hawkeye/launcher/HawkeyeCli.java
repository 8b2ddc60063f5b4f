package dev.hawkeye.launcher;

import dev.hawkeye.core.config.Environment;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code hawkeye} command line: {@code run}, {@code server}, {@code agent}, {@code send},
 * {@code query}, {@code series}, {@code status}, {@code check}, {@code plugins}, {@code bench}.
 *
 * <p>Exit codes: 0 success; 1 runtime failure (no server answers, the socket is taken, the store
 * fails); 2 usage or configuration error (the problems go to standard error). Standard output
 * carries only command output and the console notifier's lines; logs go to standard error.
 */
@Command(name = "hawkeye", mixinStandardHelpOptions = true, versionProvider = HawkeyeCli.Version.class,
        description = "Metric monitoring and alerting: a Unix-socket server, an alerting agent, and tools to talk to them.",
        subcommands = {RunCommand.class, ServerCommand.class, AgentCommand.class, SendCommand.class, QueryCommand.class,
                SeriesCommand.class, StatusCommand.class, CheckCommand.class, PluginsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class HawkeyeCli implements Runnable {
    @Spec
    private CommandSpec spec;

    private final Supplier<Environment> environmentSource;
    private Environment environment;

    /**
     * @param environmentSource the process environment plus {@code .env}; asked once, when a
     *                          command first needs it
     */
    public HawkeyeCli(Supplier<Environment> environmentSource) {
        this.environmentSource = Objects.requireNonNull(environmentSource, "environmentSource");
    }

    /** Runs one command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine(() -> Environment.load(Path.of(""))).execute(args));
    }

    /** The command line, ready to {@code execute}, with hawkeye's exit codes for failures. */
    public static CommandLine commandLine(Supplier<Environment> environmentSource) {
        CommandLine commandLine = new CommandLine(new HawkeyeCli(environmentSource));
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        return commandLine;
    }

    /** Without a command: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    /** The environment the config sees: process variables first, then {@code ./.env}. */
    synchronized Environment environment() {
        if (environment == null) {
            environment = environmentSource.get();
        }
        return environment;
    }

    /** The environment read again (a reload sees a changed {@code .env}); the cached one is not replaced. */
    Environment freshEnvironment() {
        return environmentSource.get();
    }

    /** {@code hawkeye --version}: the launcher jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(HawkeyeCli.class.getPackage().getImplementationVersion()).orElse("development build");
            return new String[] {"hawkeye " + version};
        }
    }
}
