package dev.hawkeye.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Series;
import org.junit.jupiter.api.Test;

class AggregateCellTest {
    @Test
    void aCounterSumsUntilTakenThenStartsAfresh() {
        AggregateCell cell = new AggregateCell(Series.of("c"), MetricType.COUNTER);

        assertThat(cell.take()).isNaN();
        cell.record(1);
        cell.record(2.5);
        assertThat(cell.isPending()).isTrue();
        assertThat(cell.take()).isEqualTo(3.5);
        assertThat(cell.take()).isNaN();
        cell.record(0);
        assertThat(cell.take()).as("a count of 0 is still sent").isEqualTo(0);
    }

    @Test
    void aGaugeKeepsItsLastValueAndAGivenBackValueYieldsToANewerOne() {
        AggregateCell cell = new AggregateCell(Series.of("g"), MetricType.GAUGE);

        cell.record(5);
        cell.record(-2);
        double taken = cell.take();
        cell.record(7);
        cell.giveBack(taken);

        assertThat(taken).isEqualTo(-2);
        assertThat(cell.take()).isEqualTo(7);
    }

    @Test
    void aCounterGivenBackAddsToWhatCameMeanwhile() {
        AggregateCell cell = new AggregateCell(Series.of("c"), MetricType.COUNTER);
        cell.record(4);
        double taken = cell.take();
        cell.record(1);

        cell.giveBack(taken);

        assertThat(cell.take()).isEqualTo(5);
    }

    @Test
    void aClosedCellRefusesRecordingAndTellsWhetherItStillHeldSomething() {
        AggregateCell full = new AggregateCell(Series.of("c"), MetricType.COUNTER);
        AggregateCell empty = new AggregateCell(Series.of("d"), MetricType.COUNTER);
        full.record(1);

        assertThat(full.close()).isTrue();
        assertThat(empty.close()).isFalse();
        assertThat(full.record(1)).isFalse();
        assertThat(full.giveBack(1)).isFalse();
        assertThat(full.take()).isNaN();
        assertThat(full.close()).isFalse();
    }
}
