package dev.hawkeye.core.config;

/** The comparison of a trigger's {@code when:}. */
public enum Comparison {
    GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<="), EQUAL("=="), NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        switch (this) {
            case GREATER: return value > threshold;
            case GREATER_OR_EQUAL: return value >= threshold;
            case LESS: return value < threshold;
            case LESS_OR_EQUAL: return value <= threshold;
            case EQUAL: return value == threshold;
            default: return value != threshold;
        }
    }
}
