package dev.hawkeye.launcher.bench;

import java.time.Duration;

/** Short duration text for the report: {@code 10s}, {@code 1.5s}, {@code 250ms}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis < 1000 ? millis + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
