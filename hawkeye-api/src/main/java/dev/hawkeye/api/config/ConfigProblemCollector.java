package dev.hawkeye.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads several settings one after the other and keeps the problems of each, so that one
 * {@link ConfigException} lists them all rather than one per attempt. Not thread-safe; one per
 * section read.
 */
public final class ConfigProblemCollector {
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** The value read, or {@code null} when reading it threw a {@link ConfigException}, whose problems are kept. */
    public <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** @throws ConfigException with every problem kept, in the order found, when there is any */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
