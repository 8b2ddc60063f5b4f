import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends StatsD counter increments ({@code bench.c<n>:1|c}) over UDP as fast as it can, cycling
 * through SERIES series, METRICS_PER_PACKET lines per packet, until POINTS metrics are sent; prints
 * "sent <points> <seconds>". Run with the JDK's source launcher: {@code java UdpSender.java PORT
 * POINTS METRICS_PER_PACKET [SERIES]}. UDP does not wait for the receiver: what it cannot keep up
 * with is lost, which is what the comparison counts.
 */
public final class UdpSender {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long points = Long.parseLong(args[1]);
        int perPacket = Integer.parseInt(args[2]);
        int series = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        List<ByteBuffer> packets = new ArrayList<>();
        int next = 0;
        do {
            StringBuilder packet = new StringBuilder();
            for (int i = 0; i < perPacket; i++) {
                packet.append(i == 0 ? "" : "\n").append("bench.c").append(next).append(":1|c");
                next = (next + 1) % series;
            }
            packets.add(ByteBuffer.wrap(packet.toString().getBytes(StandardCharsets.US_ASCII)));
        } while (next != 0);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            long sent = 0;
            int index = 0;
            long start = System.nanoTime();
            while (sent < points) {
                ByteBuffer packet = packets.get(index);
                packet.rewind();
                channel.write(packet);
                sent += perPacket;
                index = index + 1 == packets.size() ? 0 : index + 1;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println("sent " + sent + " " + seconds);
        }
    }
}
