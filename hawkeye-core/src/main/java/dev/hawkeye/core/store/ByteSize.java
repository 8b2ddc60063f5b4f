package dev.hawkeye.core.store;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in config: {@code 512KB}, {@code 256MB}, {@code 2GB}, {@code 1TB} (also {@code KiB},
 * {@code MiB}, ..., or {@code K}, {@code M}, ..., in any case), each unit 1024 times the one
 * before as the JVM's {@code -Xmx} and Redis' {@code maxmemory} count, or a whole number of bytes.
 */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private ByteSize() {
    }

    /** The bytes {@code value} (a YAML number or text) stands for; empty when it is not a size. */
    static OptionalLong parse(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long bytes = ((Number) value).longValue();
            return bytes >= 0 ? OptionalLong.of(bytes) : OptionalLong.empty();
        }
        if (!(value instanceof String text)) {
            return OptionalLong.empty();
        }
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        int power = "bkmgt".indexOf(unit.charAt(0));
        double bytes = Double.parseDouble(matcher.group(1)) * Math.pow(1024, power);
        return bytes <= Long.MAX_VALUE ? OptionalLong.of(Math.round(bytes)) : OptionalLong.empty();
    }

    /** {@code 128MB}, {@code 1536KB}, {@code 1000B}: the largest unit that divides the size. */
    static String format(long bytes) {
        int unit = 0;
        long amount = bytes;
        while (unit < UNITS.length - 1 && amount != 0 && amount % 1024 == 0) {
            amount /= 1024;
            unit++;
        }
        return amount + UNITS[unit];
    }
}
