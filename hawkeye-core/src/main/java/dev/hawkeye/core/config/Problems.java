package dev.hawkeye.core.config;

import dev.hawkeye.api.config.ConfigException;
import dev.hawkeye.api.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found while loading one configuration, collected so that a user sees all of them
 * at once rather than one per attempt. Not thread-safe; one per load.
 */
final class Problems {
    private record Entry(Location location, String keyPath, String message) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Location location, String keyPath, String message) {
        entries.add(new Entry(location, keyPath, message));
    }

    /** A problem with {@code node} itself: its value is wrong. */
    void at(ConfigNode node, String message) {
        add(node.location(), node.path(), message);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Throws the collected problems, in file order, when there are any. */
    void throwIfAny() {
        if (!entries.isEmpty()) {
            throw toException();
        }
    }

    /** The collected problems, in file order; there must be at least one. */
    ConfigException toException() {
        return new ConfigException(sorted());
    }

    /** In file order; a problem of another source (.env, the environment) stays with its source's first one. */
    List<ConfigProblem> sorted() {
        List<String> sources = entries.stream().map(entry -> entry.location().source()).distinct().toList();
        return entries.stream()
                .sorted(Comparator.<Entry>comparingInt(entry -> sources.indexOf(entry.location().source()))
                        .thenComparing(Entry::location))
                .map(entry -> new ConfigProblem(entry.location().toString(), entry.keyPath(), entry.message()))
                .toList();
    }
}
