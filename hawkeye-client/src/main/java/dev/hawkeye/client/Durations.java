package dev.hawkeye.client;

import java.time.Duration;

/** Durations as people write them in logs and messages: {@code 100ms}, {@code 5s}, {@code 2m}. */
final class Durations {
    private Durations() {
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0 && millis != 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
