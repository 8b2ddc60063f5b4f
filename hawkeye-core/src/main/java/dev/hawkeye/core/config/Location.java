package dev.hawkeye.core.config;

import java.util.Comparator;

/**
 * Where something is in a configuration source: {@code monitors.yaml:12:7}, {@code .env:3}, or just
 * a source name when no line is known. Lines and columns are 1-based; 0 means unknown.
 */
record Location(String source, int line, int column) implements Comparable<Location> {
    private static final Comparator<Location> ORDER =
            Comparator.comparingInt(Location::line).thenComparingInt(Location::column);

    /** The source as a whole (a missing file, an empty file, an environment variable). */
    static Location of(String source) {
        return new Location(source, 0, 0);
    }

    @Override
    public int compareTo(Location other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return source;
        }
        return column <= 0 ? source + ":" + line : source + ":" + line + ":" + column;
    }
}
