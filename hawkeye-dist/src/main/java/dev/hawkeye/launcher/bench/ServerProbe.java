package dev.hawkeye.launcher.bench;

import dev.hawkeye.client.HawkeyeClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code hawkeye bench} learns about the server besides its answers: its counters (through
 * {@code status}), its process id (from the socket's peer credentials), its resident memory (from
 * {@code /proc/<pid>/status}) and its heap (from {@code jcmd <pid> GC.heap_info}, when the JDK has
 * {@code jcmd} and the server runs as the same user). Whatever cannot be read is left out.
 */
final class ServerProbe {
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern PROC_KB = Pattern.compile("^(\\w+):\\s+(\\d+) kB$", Pattern.MULTILINE);

    private final Path socket;

    ServerProbe(Path socket) {
        this.socket = socket;
    }

    /** The server's counters now. */
    Map<String, Long> counters() throws IOException {
        try (HawkeyeClient client = HawkeyeClient.builder().socket(socket).build()) {
            return client.status().counters();
        }
    }

    /** The server's process id, or -1 when it cannot be told. */
    long pid() {
        try (RawConnection connection = RawConnection.open(socket, 5_000)) {
            return connection.peerPid();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The server's memory; fields it cannot read are -1.
     *
     * @param liveHeap first run a full collection in the server ({@code jcmd <pid> GC.run}), so that
     *                 the heap figure is what is live rather than what was last collected
     */
    Memory memory(long pid, boolean liveHeap) {
        if (liveHeap && pid > 0) {
            jcmd(pid, "GC.run");
        }
        long rss = -1;
        long peak = -1;
        if (pid > 0) {
            try {
                String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
                Matcher matcher = PROC_KB.matcher(status);
                while (matcher.find()) {
                    if (matcher.group(1).equals("VmRSS")) {
                        rss = Long.parseLong(matcher.group(2));
                    } else if (matcher.group(1).equals("VmHWM")) {
                        peak = Long.parseLong(matcher.group(2));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or the process is gone: RSS stays unknown
            }
        }
        long[] heap = heap(pid);
        return new Memory(pid, rss, peak, heap[0], heap[1]);
    }

    /** {used, committed} heap in KiB from jcmd, or {-1, -1}. */
    private static long[] heap(long pid) {
        String output = pid > 0 ? jcmd(pid, "GC.heap_info") : null;
        Matcher matcher = output == null ? null : HEAP.matcher(output);
        if (matcher != null && matcher.find()) {
            return new long[] {Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(1))};
        }
        return new long[] {-1, -1};
    }

    /** What {@code jcmd <pid> <command>} prints, or {@code null} when it cannot attach. */
    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The server's memory in KiB; -1 where unknown.
     *
     * @param pid          the server's process id
     * @param rssKib       resident set now
     * @param peakRssKib   the highest resident set so far
     * @param heapUsedKib  heap in use (live and garbage not yet collected)
     * @param heapTotalKib heap committed
     */
    record Memory(long pid, long rssKib, long peakRssKib, long heapUsedKib, long heapTotalKib) {
    }
}
