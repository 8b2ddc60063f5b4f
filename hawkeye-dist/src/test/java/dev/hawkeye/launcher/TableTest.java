package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void padsEachColumnToItsWidestCellAndShowsMissingCellsAsADash() {
        StringWriter text = new StringWriter();
        new Table("KIND", "TYPE", "ORIGIN")
                .row("transport", "unix", "/opt/hawkeye/plugins/unix")
                .row("store", "memory", null)
                .print(new PrintWriter(text));

        assertThat(text.toString().lines()).containsExactly(
                "KIND       TYPE    ORIGIN",
                "transport  unix    /opt/hawkeye/plugins/unix",
                "store      memory  -");
    }

    @Test
    void printsTheRowsAloneWithoutTheHeaderPaddedToTheirWidestCell() {
        StringWriter text = new StringWriter();
        new Table("A VERY LONG HEADER", "VALUE")
                .row("host=web-1 region=eu", "42")
                .row("host=web-10", "7")
                .printRows(new PrintWriter(text));

        assertThat(text.toString().lines()).containsExactly(
                "host=web-1 region=eu  42",
                "host=web-10           7");
    }

    @Test
    void refusesARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesNumbersAsPeopleDo() {
        assertThat(Table.number(12)).isEqualTo("12");
        assertThat(Table.number(0.25)).isEqualTo("0.25");
        assertThat(Table.number(-3)).isEqualTo("-3");
        assertThat(Table.number(Double.NaN)).isEqualTo("-");
    }

    @Test
    void writesInstantsToTheSecondInUtc() {
        assertThat(Table.instant(Instant.parse("2026-11-25T12:00:05.678Z"))).isEqualTo("2026-11-25T12:00:05Z");
        assertThat(Table.instant(null)).isEqualTo("-");
    }
}
