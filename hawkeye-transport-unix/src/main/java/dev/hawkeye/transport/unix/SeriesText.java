package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The identity of a point's series as it came on the wire: its key and its tags in the order
 * sent, as one run of characters, each part after its length ({@code |key| key |name| name
 * |value| value ...}), so that {@link SeriesInterner} can find a series seen before without
 * building a string. The lengths make the text unambiguous whatever the parts hold: a key holding
 * {@code \0} or a tag's text cannot spell another series, so the interner never hands out a valid
 * series for an invalid one (which {@link #toSeries} refuses). Not thread-safe: one per
 * {@link RecordDecoder}.
 */
final class SeriesText {
    private static final int LENGTH_CHARS = 2;

    private char[] chars = new char[128];
    private int length;
    private int keyLength;
    /** Per tag: where its name starts and ends, where its value starts and ends. */
    private int[] bounds = new int[32];
    private int tags;

    void reset() {
        length = 0;
        keyLength = 0;
        tags = 0;
    }

    void key(char[] source, int offset, int count) {
        lengthOf(count);
        append(source, offset, count);
        keyLength = count;
    }

    void tagName(String name) {
        if (tags * 4 + 4 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        lengthOf(name.length());
        bounds[tags * 4] = length;
        ensure(name.length());
        name.getChars(0, name.length(), chars, length);
        length += name.length();
        bounds[tags * 4 + 1] = length;
    }

    void tagValue(char[] source, int offset, int count) {
        lengthOf(count);
        bounds[tags * 4 + 2] = length;
        append(source, offset, count);
        bounds[tags * 4 + 3] = length;
        tags++;
    }

    int tagCount() {
        return tags;
    }

    /** Whether a tag of this name came already. */
    boolean hasTag(String name) {
        for (int i = 0; i < tags; i++) {
            int start = bounds[i * 4];
            int end = bounds[i * 4 + 1];
            if (end - start == name.length() && regionIs(start, name)) {
                return true;
            }
        }
        return false;
    }

    private boolean regionIs(int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (chars[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code String.hashCode} of the text, four characters a step so that the multiplications overlap. */
    int hash() {
        int hash = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            hash = 923_521 * hash + 29_791 * chars[i] + 961 * chars[i + 1] + 31 * chars[i + 2] + chars[i + 3];
        }
        for (; i < length; i++) {
            hash = 31 * hash + chars[i];
        }
        return hash;
    }

    boolean matches(char[] known) {
        return Arrays.equals(chars, 0, length, known, 0, known.length);
    }

    char[] copy() {
        return Arrays.copyOf(chars, length);
    }

    /**
     * The series this text names.
     *
     * @throws InvalidPointException when the key or a tag breaks the rules
     */
    Series toSeries() {
        String key = new String(chars, LENGTH_CHARS, keyLength);
        if (tags == 0) {
            return new Series(key, Map.of());
        }
        Map<String, String> map = new HashMap<>(tags * 2);
        for (int i = 0; i < tags; i++) {
            map.put(new String(chars, bounds[i * 4], bounds[i * 4 + 1] - bounds[i * 4]),
                    new String(chars, bounds[i * 4 + 2], bounds[i * 4 + 3] - bounds[i * 4 + 2]));
        }
        return new Series(key, map);
    }

    /** Writes {@code count}, the length of the part that follows, in {@value #LENGTH_CHARS} characters. */
    private void lengthOf(int count) {
        ensure(LENGTH_CHARS);
        chars[length++] = (char) (count >>> 16);
        chars[length++] = (char) count;
    }

    private void append(char[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(length + more, chars.length * 2));
        }
    }
}
