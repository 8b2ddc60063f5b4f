package dev.hawkeye.launcher;

import dev.hawkeye.client.HawkeyeClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that makes one request to a running hawkeye over its socket ({@code send},
 * {@code query}, {@code series}, {@code status}). A subclass checks its arguments before it {@link #connect}s, so a
 * usage error is reported as one even when no server is running.
 */
abstract class ToolCommand implements Callable<Integer> {
    @ParentCommand
    private HawkeyeCli cli;

    @Mixin
    private CommonOptions options;

    @Spec
    CommandSpec spec;

    /** A client of the socket chosen by {@code --socket}, the environment or the config; the caller closes it. */
    HawkeyeClient connect() {
        return HawkeyeClient.connect(socket());
    }

    /** The socket chosen by {@code --socket}, the environment or the config. */
    Path socket() {
        return SocketSettings.forTools(options, cli.environment());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
