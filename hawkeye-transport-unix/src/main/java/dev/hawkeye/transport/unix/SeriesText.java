package dev.hawkeye.transport.unix;

import dev.hawkeye.api.metric.InvalidPointException;
import dev.hawkeye.api.metric.Series;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The identity of a point's series as it came on the wire: its key and its tags in the order
 * sent, as one run of characters ({@code key \0 name \0 value \0 name \0 value ...}), so that
 * {@link SeriesInterner} can find a series seen before without building a string. Keys, tag names
 * and tag values cannot hold {@code \0} (a series with one is invalid, and its text is never looked
 * up: {@link #holdsSeparator}), so two different series never have the same text. Not thread-safe:
 * one per {@link RecordDecoder}.
 */
final class SeriesText {
    private char[] chars = new char[128];
    private int length;
    private int keyLength;
    /** Per tag: where its name starts and ends, where its value starts and ends. */
    private int[] bounds = new int[32];
    private int tags;
    /** A key, tag name or tag value holds {@code \0}, which would read as a separator. */
    private boolean holdsSeparator;

    void reset() {
        holdsSeparator = false;
        length = 0;
        keyLength = 0;
        tags = 0;
    }

    void key(char[] source, int offset, int count) {
        append(source, offset, count);
        keyLength = count;
    }

    void tagName(String name) {
        if (tags * 4 + 4 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        separator();
        bounds[tags * 4] = length;
        ensure(name.length());
        name.getChars(0, name.length(), chars, length);
        holdsSeparator |= name.indexOf('\0') >= 0;
        length += name.length();
        bounds[tags * 4 + 1] = length;
    }

    void tagValue(char[] source, int offset, int count) {
        separator();
        bounds[tags * 4 + 2] = length;
        append(source, offset, count);
        bounds[tags * 4 + 3] = length;
        tags++;
    }

    /** Whether the text could be another series' ({@code "a\0b\0c"} is also key a with tag b=c): it names no valid series. */
    boolean holdsSeparator() {
        return holdsSeparator;
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
        String key = new String(chars, 0, keyLength);
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

    private void separator() {
        ensure(1);
        chars[length++] = '\0';
    }

    private void append(char[] source, int offset, int count) {
        ensure(count);
        for (int i = offset; i < offset + count; i++) {
            holdsSeparator |= source[i] == '\0';
        }
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(length + more, chars.length * 2));
        }
    }
}
