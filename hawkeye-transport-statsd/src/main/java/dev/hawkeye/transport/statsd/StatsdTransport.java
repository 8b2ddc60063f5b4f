package dev.hawkeye.transport.statsd;

import dev.hawkeye.api.transport.MetricSink;
import dev.hawkeye.api.transport.QueryService;
import dev.hawkeye.api.transport.Transport;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The {@code statsd} transport: StatsD and DogStatsD lines ({@link LineParser}) in datagrams on a
 * UDP port, a Unix datagram socket, or both, each read by a thread of its own.
 *
 * <p>What can be lost, and where it shows: a UDP datagram the kernel drops because the receive
 * buffer is full ({@code statsd.udp.kernel_drops}); a line that cannot be read
 * ({@code statsd.lines.invalid.<reason>}); a metric core refuses ({@code statsd.metrics.refused}).
 * A Unix datagram socket loses nothing in the kernel: a sender whose datagram finds the buffer
 * full waits, or is told so (DogStatsD clients then drop and count it on their side).
 */
public final class StatsdTransport implements Transport {
    private static final Logger LOG = System.getLogger(StatsdTransport.class.getName());

    private final StatsdSettings settings;
    private final Clock clock;
    private final StatsdCounters counters = new StatsdCounters(LOG);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Receiver> receivers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile InetSocketAddress udpAddress;
    /** Whether this transport bound the socket file, and so removes it on close. */
    private boolean unixBound;

    public StatsdTransport(StatsdSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start(MetricSink sink, QueryService query) throws IOException {
        try {
            if (settings.udp() != null) {
                DatagramChannel udp = DatagramChannel.open();
                channels.add(udp);
                askReceiveBuffer(udp, "udp");
                try {
                    udp.bind(settings.udp());
                } catch (IOException e) {
                    throw new IOException("cannot listen for statsd on udp " + settings.udp() + ": " + e.getMessage(), e);
                }
                udpAddress = (InetSocketAddress) udp.getLocalAddress();
                receivers.add(new Receiver("statsd udp " + udpAddress, udp, settings.maxDatagramBytes(), sink, counters, clock, LOG));
            }
            if (settings.unix() != null) {
                Path path = settings.unix();
                claim(path);
                AFUNIXDatagramChannel unix = AFUNIXDatagramChannel.open();
                channels.add(unix);
                askReceiveBuffer(unix, "unix");
                unix.bind(AFUNIXSocketAddress.of(path));
                unixBound = true;
                Files.setPosixFilePermissions(path, settings.mode());
                receivers.add(new Receiver("statsd unix " + path, unix, settings.maxDatagramBytes(), sink, counters, clock, LOG));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        for (Receiver receiver : receivers) {
            Thread thread = new Thread(receiver, "hawkeye-statsd-" + threads.size());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public String describe() {
        List<String> addresses = new ArrayList<>();
        if (settings.udp() != null) {
            InetSocketAddress bound = udpAddress;
            InetSocketAddress shown = bound == null ? settings.udp() : bound;
            addresses.add("udp:" + shown.getHostString() + ":" + shown.getPort());
        }
        if (settings.unix() != null) {
            addresses.add("unix:" + settings.unix());
        }
        return "statsd:" + String.join(",", addresses);
    }

    /** The UDP address bound (with the port chosen when the config asked for port 0), or null. */
    public InetSocketAddress udpAddress() {
        return udpAddress;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> extra = new LinkedHashMap<>();
        InetSocketAddress bound = udpAddress;
        if (bound != null) {
            extra.put(StatsdCounters.UDP_KERNEL_DROPS, Math.max(0, KernelDrops.ofPort(bound.getPort())));
        }
        long forgotten = 0;
        synchronized (this) {
            for (Receiver receiver : receivers) {
                forgotten += receiver.gaugesForgotten();
            }
        }
        extra.put(StatsdCounters.GAUGES_FORGOTTEN, forgotten);
        return counters.snapshot(extra);
    }

    /** Stops the receivers (a datagram being parsed is finished) and removes the socket file. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            for (DatagramChannel channel : channels) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing a statsd socket: " + e);
                }
            }
            for (Thread thread : threads) {
                try {
                    thread.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (unixBound) {
                try {
                    Files.deleteIfExists(settings.unix());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot remove " + settings.unix() + ": " + e);
                }
            }
        }
    }

    private void askReceiveBuffer(DatagramChannel channel, String kind) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBufferBytes());
        int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        if (granted < settings.receiveBufferBytes()) {
            LOG.log(Level.WARNING, "statsd " + kind + " receive buffer: asked for " + settings.receiveBufferBytes()
                    + " bytes, the kernel gave " + granted + " (net.core.rmem_max caps it; raise that to lose fewer"
                    + " datagrams in bursts, and see statsd.udp.kernel_drops)");
        }
    }

    /** Frees the path: refuses a socket something receives on, replaces one left by a crash. */
    private static void claim(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException("cannot listen for statsd on " + path + ": a file that is not a socket is in the way");
        }
        try (AFUNIXDatagramSocket probe = AFUNIXDatagramSocket.newInstance()) {
            probe.connect(AFUNIXSocketAddress.of(path));
            throw new IOException("cannot listen for statsd on " + path + ": another process receives on it");
        } catch (SocketException refused) {
            Files.deleteIfExists(path);
            LOG.log(Level.INFO, "replaced the stale socket file " + path + " (nothing received on it)");
        }
    }
}
