package dev.hawkeye.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FormulaTest {
    private static final Map<String, OptionalDouble> VALUES = Map.of("errors", OptionalDouble.of(5), "requests",
            OptionalDouble.of(200), "zero", OptionalDouble.of(0), "none", OptionalDouble.empty());

    @Test
    void computesWithTheUsualPrecedenceAndParentheses() {
        assertThat(value("errors / requests * 100")).hasValue(2.5);
        assertThat(value("errors + requests * 2")).hasValue(405);
        assertThat(value("(errors + 5) * 2 - -1")).hasValue(21);
        assertThat(value("10 - 4 - 3")).as("left to right").hasValue(3);
        assertThat(value(" 1.5e0 ".replace("e0", ""))).hasValue(1.5);
    }

    @Test
    void aMissingOperandOrADivisionByZeroIsNoValue() {
        assertThat(value("errors / zero")).isEmpty();
        assertThat(value("none * 2")).isEmpty();
        assertThat(value("unknown + 1")).isEmpty();
    }

    @Test
    void namesTheQueriesItRefersTo() {
        assertThat(Formula.parse("errors / (requests + errors)").references()).containsExactly("errors", "requests");
    }

    @Test
    void aFormulaThatDoesNotParseSaysWhereAndWhatWasExpected() {
        assertThatThrownBy(() -> Formula.parse("errors / ")).hasMessage(
                "in \"errors / \" at character 10: expected a number, a query name or '(', found the end");
        assertThatThrownBy(() -> Formula.parse("(errors")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> Formula.parse("errors requests")).hasMessageContaining("at character 8: expected an operator");
        assertThatThrownBy(() -> Formula.parse("1..2")).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> Formula.parse("  ")).hasMessageContaining("the formula is empty");
        assertThatThrownBy(() -> Formula.parse("errors % 2")).hasMessageContaining("found '%'");
    }

    private static OptionalDouble value(String text) {
        return Formula.parse(text).evaluate(VALUES);
    }
}
