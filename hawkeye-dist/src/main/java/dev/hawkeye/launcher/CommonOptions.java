package dev.hawkeye.launcher;

import dev.hawkeye.core.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command takes: {@code --config}, {@code --socket}, {@code --plugins}. Each
 * falls back to the environment (process environment first, then {@code .env}) and then to its
 * default, in the order the methods document.
 */
final class CommonOptions {
    static final String CONFIG_ENV = "HAWKEYE_CONFIG";
    static final String SOCKET_ENV = "HAWKEYE_SOCKET";
    static final String HOME_PROPERTY = "hawkeye.home";
    static final Path DEFAULT_CONFIG = Path.of("monitors.yaml");
    static final Path DEFAULT_SOCKET = Path.of("/tmp/hawkeye.sock");

    @Option(names = "--config", paramLabel = "FILE",
            description = "the monitors file (default: $HAWKEYE_CONFIG, else ./monitors.yaml, else the distribution's example)")
    private Path config;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "the Unix socket (default: $HAWKEYE_SOCKET, else the path of the config's unix transport, else /tmp/hawkeye.sock)")
    private Path socket;

    @Option(names = "--plugins", paramLabel = "DIR", description = "the plugins folder (default: the distribution's plugins/)")
    private Path plugins;

    /**
     * The config file: {@code --config}, {@code $HAWKEYE_CONFIG}, {@code ./monitors.yaml}; when none
     * of these is given and {@code ./monitors.yaml} does not exist, the example shipped in the
     * distribution (if there is one).
     */
    Path configFile(Environment environment) {
        if (config != null) {
            return config;
        }
        Optional<String> fromEnvironment = environment.get(CONFIG_ENV).filter(value -> !value.isBlank());
        if (fromEnvironment.isPresent()) {
            return Path.of(fromEnvironment.get());
        }
        if (!Files.exists(DEFAULT_CONFIG)) {
            Optional<Path> example = home().map(home -> home.resolve(DEFAULT_CONFIG)).filter(Files::isRegularFile);
            if (example.isPresent()) {
                return example.get();
            }
        }
        return DEFAULT_CONFIG;
    }

    /** The socket chosen on the command line or in the environment, which overrides the config's. */
    Optional<SocketChoice> socketOverride(Environment environment) {
        if (socket != null) {
            return Optional.of(new SocketChoice(socket, "--socket"));
        }
        return environment.get(SOCKET_ENV).filter(value -> !value.isBlank())
                .map(value -> new SocketChoice(Path.of(value), SOCKET_ENV));
    }

    /** The plugins folder: {@code --plugins}, else {@code plugins/} of the distribution, else {@code ./plugins}. */
    Path pluginsDir() {
        if (plugins != null) {
            return plugins;
        }
        return home().map(home -> home.resolve("plugins")).orElse(Path.of("plugins"));
    }

    /** The distribution's home, which {@code bin/hawkeye} passes as {@code -Dhawkeye.home}. */
    private static Optional<Path> home() {
        return Optional.ofNullable(System.getProperty(HOME_PROPERTY)).filter(value -> !value.isBlank()).map(Path::of);
    }

    /** A socket path and where it was chosen ({@code --socket} or {@code HAWKEYE_SOCKET}), for messages. */
    record SocketChoice(Path path, String origin) {
    }
}
