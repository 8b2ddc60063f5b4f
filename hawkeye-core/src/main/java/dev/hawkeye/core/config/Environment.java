package dev.hawkeye.core.config;

import dev.hawkeye.api.config.ConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The variables a configuration may refer to: the process environment plus the {@code .env} file
 * of a directory, where a real environment variable wins over {@code .env}. Also expands
 * {@code ${VAR}}, {@code ${VAR:-default}} and {@code $$} in configuration values. Immutable and
 * thread-safe.
 */
public final class Environment {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> values;
    private final Map<String, Location> origins;

    /** Exactly these variables (for tests and embedding); no {@code .env} is read. */
    public Environment(Map<String, String> variables) {
        this(variables, Map.of());
    }

    private Environment(Map<String, String> values, Map<String, Location> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    /**
     * The process environment plus {@code dir/.env} when it exists.
     *
     * @throws ConfigException naming each malformed line of {@code .env}, or when it cannot be read
     */
    public static Environment load(Path dir) {
        return load(System.getenv(), dir);
    }

    /**
     * {@code processEnvironment} plus {@code dir/.env} when it exists; a variable set in
     * {@code processEnvironment} wins over the same one in {@code .env}.
     *
     * @throws ConfigException naming each malformed line of {@code .env}, or when it cannot be read
     */
    public static Environment load(Map<String, String> processEnvironment, Path dir) {
        Path file = dir.resolve(".env");
        Map<String, DotEnvFile.Variable> fromFile = DotEnvFile.read(file);
        Map<String, String> values = new HashMap<>();
        Map<String, Location> origins = new HashMap<>();
        fromFile.forEach((name, variable) -> {
            values.put(name, variable.value());
            origins.put(name, new Location(file.toString(), variable.line(), 0));
        });
        values.putAll(processEnvironment);
        processEnvironment.keySet().forEach(origins::remove);
        return new Environment(values, origins);
    }

    /** The value of {@code name}, if it is set (possibly to an empty text). */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Where {@code name} was set: its line in {@code .env}, or the environment. */
    Location origin(String name) {
        return origins.getOrDefault(name, Location.of("environment variable " + name));
    }

    /**
     * Expands {@code ${NAME}} to the variable's value, {@code ${NAME:-default}} to the value or,
     * when it is unset or empty, to {@code default}, and {@code $$} to one {@code $}. Any other
     * {@code $} is kept as it is.
     *
     * @throws ExpansionException for an undefined variable without a default, an unclosed
     *                            {@code ${}, or a reference that is not a variable name
     */
    public String expand(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c != '$' || (next != '$' && next != '{')) {
                out.append(c);
                i++;
            } else if (next == '$') {
                out.append('$');
                i += 2;
            } else {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new ExpansionException("'${' without a closing '}'; write ${NAME} or ${NAME:-default}, or $$ for a literal $");
                }
                out.append(resolve(text.substring(i + 2, close)));
                i = close + 1;
            }
        }
        return out.toString();
    }

    private String resolve(String reference) {
        int separator = reference.indexOf(":-");
        String name = separator < 0 ? reference : reference.substring(0, separator);
        if (!NAME.matcher(name).matches()) {
            throw new ExpansionException("'${" + reference + "}' is not a variable reference; write ${NAME} or ${NAME:-default}"
                    + " with a NAME of letters, digits and _, or $$ for a literal $");
        }
        Optional<String> value = get(name);
        if (separator >= 0) {
            return value.filter(v -> !v.isEmpty()).orElse(reference.substring(separator + 2));
        }
        return value.orElseThrow(() -> new ExpansionException("undefined variable ${" + name + "}: set " + name
                + " in the environment or in .env, or give a default: ${" + name + ":-value}"));
    }

    /** A {@code ${...}} that cannot be expanded; the message names the variable and what to do. */
    public static final class ExpansionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ExpansionException(String message) {
            super(message);
        }
    }
}
