package dev.hawkeye.transport.statsd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The datagrams the kernel dropped for a UDP port because its receive buffer was full: the
 * {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6}. The JDK cannot read
 * {@code SO_RXQ_OVFL}, and this is the same count. Linux only; elsewhere it reads 0.
 */
final class KernelDrops {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int LOCAL_ADDRESS = 1;
    private static final int DROPS = 12;

    private KernelDrops() {
    }

    /** The drops of every socket bound to {@code port}; -1 when the tables cannot be read. */
    static long ofPort(int port) {
        String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        long drops = 0;
        boolean read = false;
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                continue;
            }
            read = true;
            drops += dropsIn(lines, suffix);
        }
        return read ? drops : -1;
    }

    static long dropsIn(List<String> lines, String portSuffix) {
        long drops = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] columns = lines.get(i).trim().split("\\s+");
            if (columns.length > DROPS && columns[LOCAL_ADDRESS].endsWith(portSuffix)) {
                try {
                    drops += Long.parseLong(columns[DROPS]);
                } catch (NumberFormatException ignored) {
                    // a column layout this code does not know: count nothing rather than something wrong
                }
            }
        }
        return drops;
    }
}
