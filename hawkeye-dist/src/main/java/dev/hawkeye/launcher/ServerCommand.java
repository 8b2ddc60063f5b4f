package dev.hawkeye.launcher;

import picocli.CommandLine.Command;

/** {@code hawkeye server}. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run only the server: receive points on the socket and store them.")
final class ServerCommand extends DaemonCommand {
    ServerCommand() {
        super(true, false);
    }
}
