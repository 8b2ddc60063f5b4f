package dev.hawkeye.launcher;

import picocli.CommandLine.Command;

/** {@code hawkeye run}. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the server and the agent in one process (the usual way to run hawkeye).")
final class RunCommand extends DaemonCommand {
    RunCommand() {
        super(true, true);
    }
}
