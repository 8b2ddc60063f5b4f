package dev.hawkeye.transport.unix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * The groups of a socket's peer: its primary group and its supplementary ones. On Linux the
 * socket's credentials ({@code SO_PEERCRED}) carry the primary group only, so the supplementary
 * ones are read from {@code /proc/<pid>/status} ({@code Groups:}) of the peer's process.
 */
final class PeerGroups {
    private PeerGroups() {
    }

    static long[] of(AFUNIXSocketCredentials peer) {
        LongStream groups = LongStream.of(peer.getGid());
        long[] reported = peer.getGids();
        if (reported != null) {
            groups = LongStream.concat(groups, LongStream.of(reported));
        }
        long pid = peer.getPid();
        if (pid > 0) {
            groups = LongStream.concat(groups, LongStream.of(fromProc(Path.of("/proc", Long.toString(pid), "status"))));
        }
        return groups.distinct().toArray();
    }

    /** The {@code Groups:} line of a {@code /proc/<pid>/status} file; none when it cannot be read (not Linux, the process gone). */
    static long[] fromProc(Path status) {
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (IOException | SecurityException e) {
            return new long[0];
        }
        for (String line : lines) {
            if (line.startsWith("Groups:")) {
                String listed = line.substring("Groups:".length()).trim();
                return listed.isEmpty() ? new long[0] : Arrays.stream(listed.split("\\s+")).mapToLong(Long::parseLong).toArray();
            }
        }
        return new long[0];
    }
}
