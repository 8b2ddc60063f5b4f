package dev.hawkeye.launcher;

import picocli.CommandLine.Command;

/** {@code hawkeye agent}. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run only the agent: evaluate the monitors and send notifications.")
final class AgentCommand extends DaemonCommand {
    AgentCommand() {
        super(false, true);
    }
}
