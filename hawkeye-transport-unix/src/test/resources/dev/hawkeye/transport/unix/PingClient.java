import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Run as its own process (java PingClient.java SOCKET): sends one ping and prints the answer, or "closed" when the server closes the connection. */
public class PingClient {
    public static void main(String[] args) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(args[0]));
            channel.write(ByteBuffer.wrap("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer answer = ByteBuffer.allocate(4096);
            int read;
            try {
                read = channel.read(answer);
            } catch (java.io.IOException reset) {
                read = -1;
            }
            System.out.println(read < 0 ? "closed" : new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8));
        }
    }
}
