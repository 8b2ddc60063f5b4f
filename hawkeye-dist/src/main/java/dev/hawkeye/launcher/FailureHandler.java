package dev.hawkeye.launcher;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.store.StoreException;
import dev.hawkeye.client.ServerErrorException;
import dev.hawkeye.core.plugin.PluginException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into hawkeye's exit codes: a configuration or input problem (also one
 * the server refused as invalid, and a store that cannot be reached or refuses the login at start,
 * which is most often a wrong URL or password) is 2 with the problems on standard error; anything
 * else is 1 with its reason.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    static final int RUNTIME_FAILURE = 1;
    static final int USAGE_OR_CONFIG = 2;
    private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String prefix = "hawkeye " + command.getCommandName() + ": ";
        if (failure instanceof ConfigException) {
            ConfigException config = (ConfigException) failure;
            for (ConfigProblem problem : config.problems()) {
                err.println(problem);
            }
            int count = config.problems().size();
            err.println(prefix + count + (count == 1 ? " problem" : " problems") + " in the configuration");
            err.flush();
            return USAGE_OR_CONFIG;
        }
        // A running hawkeye handles store failures itself; one that escapes a command came from the start.
        if (failure instanceof InvalidPointException || failure instanceof PluginException || failure instanceof StoreException
                || isRefusedInput(failure)) {
            err.println(prefix + failure.getMessage());
            err.flush();
            return USAGE_OR_CONFIG;
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            err.println(prefix + failure.getMessage());
            err.flush();
            return RUNTIME_FAILURE;
        }
        // Unexpected: the stack trace is in the log for whoever reports it.
        log.error("{} failed", command.getCommandName(), failure);
        err.println(prefix + failure);
        err.flush();
        return RUNTIME_FAILURE;
    }

    private static boolean isRefusedInput(Exception failure) {
        return failure instanceof ServerErrorException
                && ((ServerErrorException) failure).code() == ServerErrorException.INVALID_PARAMS;
    }
}
