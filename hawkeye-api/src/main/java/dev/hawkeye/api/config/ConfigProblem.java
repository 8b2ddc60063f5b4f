package dev.hawkeye.api.config;

/**
 * One thing wrong with a configuration, with where it is.
 *
 * @param location where in the source it is: {@code monitors.yaml:12:7}, or just the file name
 *                 when no line is known
 * @param keyPath  the dotted key path, with list indexes in brackets: {@code monitors[2].triggers[0].threshold}
 * @param message  what is wrong and what is expected
 */
public record ConfigProblem(String location, String keyPath, String message) {
    /** {@code location: keyPath: message}, the form printed by {@code hawkeye check}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (location != null && !location.isEmpty()) {
            out.append(location).append(": ");
        }
        if (keyPath != null && !keyPath.isEmpty()) {
            out.append(keyPath).append(": ");
        }
        return out.append(message).toString();
    }
}
