package dev.hawkeye.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hawkeye.api.metric.QuantileSketch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SketchCodecTest {

    @Test
    void aSketchTravelsAsZeroCountThenEachSidesBinsAndComesBackTheSame() {
        QuantileSketch sketch = QuantileSketch.of(0, 1, 1, 100, -2);
        List<String> args = new ArrayList<>(List.of("before"));

        SketchCodec.append(sketch, args);

        String one = Integer.toString(QuantileSketch.index(1));
        String hundred = Integer.toString(QuantileSketch.index(100));
        String two = Integer.toString(QuantileSketch.index(2));
        assertThat(args).containsExactly("before", "1", "2", one, "2", hundred, "1", "1", two, "1");
        assertThat(SketchCodec.decode(args, 1)).isEqualTo(sketch);
    }

    @Test
    void anEmptySketchIsThreeZeros() {
        List<String> args = new ArrayList<>();
        SketchCodec.append(QuantileSketch.EMPTY, args);

        assertThat(args).containsExactly("0", "0", "0");
        assertThat(SketchCodec.decode(args, 0)).isSameAs(QuantileSketch.EMPTY);
    }

    @Test
    void luasPrintedIntegersAreRead() {
        assertThat(SketchCodec.decode(List.of("3", "1", "0", "5.0", "0"), 0)).isEqualTo(QuantileSketch.builder()
                .addZeroCount(3).addPositiveBin(0, 5).build());
    }

    @Test
    void aMalformedSketchIsRefusedSayingWhere() {
        assertThatThrownBy(() -> SketchCodec.decode(List.of("0", "2", "1", "1"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("announces 2 bins");
        assertThatThrownBy(() -> SketchCodec.decode(List.of("0", "0", "0", "9"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends at position 3");
        assertThatThrownBy(() -> SketchCodec.decode(List.of("0", "1", "1.5", "1", "0"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.5' at position 2");
        assertThatThrownBy(() -> SketchCodec.decode(List.of("0", "1"), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SketchCodec.decode(List.of("0", "1", "1", "-4", "0"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }
}
