package dev.hawkeye.store.redis;

import dev.hawkeye.api.metric.QuantileSketch;
import java.util.List;

/**
 * How a {@link QuantileSketch} travels to and from the Lua scripts: as a flat list of texts, the
 * zero count, then the number of positive bins followed by their (index, count) pairs by ascending
 * index, then the same for the negative bins. The scripts keep a bucket's sketch in a hash with
 * the fields {@code z} (zero count), {@code p:<index>} and {@code n:<index>} (bin counts), and
 * {@code p:lo}, {@code p:hi}, {@code n:lo}, {@code n:hi} (each side's lowest and highest index).
 * Stateless.
 */
final class SketchCodec {
    private SketchCodec() {
    }

    /**
     * Whether {@link #append} writes any bin or zero count for {@code sketch}: exactly when the
     * write script finds one, and so takes the bucket's two sketch keys.
     */
    static boolean carriesBins(QuantileSketch sketch) {
        return sketch.zeroCount() != 0 || !sketch.positiveBins().isEmpty() || !sketch.negativeBins().isEmpty();
    }

    /** Appends {@code sketch} to a script's arguments. */
    static void append(QuantileSketch sketch, List<String> args) {
        args.add(Long.toString(sketch.zeroCount()));
        appendBins(sketch.positiveBins(), args);
        appendBins(sketch.negativeBins(), args);
    }

    /**
     * Reads the sketch a script wrote from {@code reply.get(from)} to the end of the reply.
     *
     * @throws IllegalArgumentException when the texts are not a sketch (with what is wrong)
     */
    static QuantileSketch decode(List<String> reply, int from) {
        QuantileSketch.Builder sketch = QuantileSketch.builder();
        int at = from;
        sketch.addZeroCount(integer(reply, at++));
        for (int side = 0; side < 2; side++) {
            long bins = integer(reply, at++);
            if (bins < 0 || at + 2 * bins > reply.size()) {
                throw new IllegalArgumentException("a sketch announces " + bins + " bins at position " + (at - 1)
                        + " of " + reply.size());
            }
            for (long i = 0; i < bins; i++) {
                long index = integer(reply, at++);
                long count = integer(reply, at++);
                if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("a sketch bin index " + index + " is out of range");
                }
                if (side == 0) {
                    sketch.addPositiveBin((int) index, count);
                } else {
                    sketch.addNegativeBin((int) index, count);
                }
            }
        }
        if (at != reply.size()) {
            throw new IllegalArgumentException("a sketch ends at position " + at + " but the answer has " + reply.size());
        }
        return sketch.build();
    }

    private static void appendBins(List<QuantileSketch.Bin> bins, List<String> args) {
        args.add(Integer.toString(bins.size()));
        for (QuantileSketch.Bin bin : bins) {
            args.add(Integer.toString(bin.index()));
            args.add(Long.toString(bin.count()));
        }
    }

    /** An integer as Java or Lua's {@code %.17g} prints it (both print integers below 10^17 as digits). */
    private static long integer(List<String> reply, int at) {
        if (at >= reply.size()) {
            throw new IllegalArgumentException("a sketch is cut short at position " + at);
        }
        String text = reply.get(at);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            double value = Double.parseDouble(text);
            if (value != Math.rint(value)) {
                throw new IllegalArgumentException("a sketch holds '" + text + "' at position " + at + " where an integer belongs", e);
            }
            return (long) value;
        }
    }
}
