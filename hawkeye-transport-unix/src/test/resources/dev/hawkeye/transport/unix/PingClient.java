import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Run as its own process (java PingClient.java SOCKET): sends one ping and prints the answer, or
 * "closed" when the server closes the connection (before the ping is written or after).
 */
public class PingClient {
    public static void main(String[] args) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(args[0]));
            ByteBuffer answer = ByteBuffer.allocate(4096);
            int read;
            try {
                channel.write(ByteBuffer.wrap("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8)));
                read = channel.read(answer);
            } catch (IOException closedByServer) {
                read = -1;
            }
            System.out.println(read < 0 ? "closed" : new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8));
        }
    }
}
