package dev.hawkeye.transport.statsd;

import dev.hawkeye.api.metric.Series;
import java.util.Arrays;

/**
 * The series met recently, by the bytes of their name and tag field, so that a line of a known
 * series costs neither strings, nor mapping, nor a new {@link Series}. A table of {@value #SLOTS}
 * entries in pairs: a series may sit in either slot of its pair, and a third one whose hash meets
 * theirs replaces one of them in turn. Not thread-safe: one per receiver.
 */
final class SeriesCache {
    static final int SLOT_BITS = 14;
    static final int SLOTS = 1 << SLOT_BITS;

    private final int[] hashes = new int[SLOTS];
    /** The name's bytes, then the tag field's. */
    private final byte[][] keys = new byte[SLOTS][];
    private final int[] nameLengths = new int[SLOTS];
    private final Series[] series = new Series[SLOTS];
    private int evictions;

    static int hash(byte[] data, int nameFrom, int nameTo, int tagsFrom, int tagsTo) {
        int hash = 1;
        for (int i = nameFrom; i < nameTo; i++) {
            hash = 31 * hash + data[i];
        }
        hash = 31 * hash + '#';
        for (int i = tagsFrom; i < tagsTo; i++) {
            hash = 31 * hash + data[i];
        }
        return hash;
    }

    /** The series these bytes named before, or null. */
    Series find(int hash, byte[] data, int nameFrom, int nameTo, int tagsFrom, int tagsTo) {
        int pair = pairOf(hash);
        for (int slot = pair; slot < pair + 2; slot++) {
            byte[] key = keys[slot];
            if (key != null && hashes[slot] == hash && matches(slot, key, data, nameFrom, nameTo, tagsFrom, tagsTo)) {
                return series[slot];
            }
        }
        return null;
    }

    /** Remembers that these bytes name {@code found}. */
    void put(int hash, byte[] data, int nameFrom, int nameTo, int tagsFrom, int tagsTo, Series found) {
        int pair = pairOf(hash);
        int slot = keys[pair] == null ? pair : keys[pair + 1] == null ? pair + 1 : pair + (evictions++ & 1);
        int nameLength = nameTo - nameFrom;
        byte[] key = new byte[nameLength + tagsTo - tagsFrom];
        System.arraycopy(data, nameFrom, key, 0, nameLength);
        System.arraycopy(data, tagsFrom, key, nameLength, tagsTo - tagsFrom);
        hashes[slot] = hash;
        keys[slot] = key;
        nameLengths[slot] = nameLength;
        series[slot] = found;
    }

    private boolean matches(int slot, byte[] key, byte[] data, int nameFrom, int nameTo, int tagsFrom, int tagsTo) {
        int nameLength = nameLengths[slot];
        return nameLength == nameTo - nameFrom && key.length - nameLength == tagsTo - tagsFrom
                && Arrays.equals(key, 0, nameLength, data, nameFrom, nameTo)
                && Arrays.equals(key, nameLength, key.length, data, tagsFrom, tagsTo);
    }

    /** Fibonacci hashing: the hashes of similar names differ mostly in their low bits. */
    private static int pairOf(int hash) {
        return ((hash * 0x9E37_79B9) >>> (Integer.SIZE - SLOT_BITS)) & -2;
    }
}
