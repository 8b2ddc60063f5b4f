package dev.hawkeye.core.config;


/** A trigger's rule: the monitor's value compared with a threshold, e.g. {@code >= 100}. */
public record Condition(Comparison comparison, double threshold) {

    /** True when {@code value} breaches the rule; never for NaN (no data). */
    public boolean isBreachedBy(double value) {
        return !Double.isNaN(value) && comparison.test(value, threshold);
    }

    /** {@code >= 100}, as written in config. */
    @Override
    public String toString() {
        return comparison.symbol() + " " + formatNumber(threshold);
    }

    static String formatNumber(double number) {
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        return Double.toString(number);
    }
}
