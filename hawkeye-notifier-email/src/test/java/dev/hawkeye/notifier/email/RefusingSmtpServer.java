package dev.hawkeye.notifier.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server that refuses recipients containing "nobody" with a 550 answer, as a real
 * server refuses an unknown mailbox (GreenMail accepts every recipient). It accepts everything else
 * and records the recipients of each message it accepts.
 */
final class RefusingSmtpServer implements AutoCloseable {
    static final String REFUSAL = "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table";

    private final ServerSocket server;
    private final List<List<String>> accepted = new CopyOnWriteArrayList<>();

    RefusingSmtpServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The accepted recipients of each message taken, in order. */
    List<List<String>> acceptedMessages() {
        return accepted;
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                serve(client.getInputStream(), client.getOutputStream());
            } catch (IOException closed) {
                // next connection, or the server was closed
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        List<String> recipients = new CopyOnWriteArrayList<>();
        write(out, "220 refusing-smtp ESMTP");
        String command;
        while ((command = readLine(in)) != null) {
            String upper = command.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                write(out, "250 refusing-smtp");
            } else if (upper.startsWith("MAIL FROM")) {
                recipients.clear();
                write(out, "250 2.1.0 Ok");
            } else if (upper.startsWith("RCPT TO")) {
                if (upper.contains("NOBODY")) {
                    write(out, REFUSAL);
                } else {
                    recipients.add(command.substring(command.indexOf(':') + 1).trim());
                    write(out, "250 2.1.5 Ok");
                }
            } else if (upper.equals("DATA")) {
                write(out, "354 End data with <CR><LF>.<CR><LF>");
                String line;
                while ((line = readLine(in)) != null && !line.equals(".")) {
                    // the message itself is not kept
                }
                accepted.add(List.copyOf(recipients));
                write(out, "250 2.0.0 Ok: queued");
            } else if (upper.equals("QUIT")) {
                write(out, "221 2.0.0 Bye");
                return;
            } else {
                write(out, "250 2.0.0 Ok");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return null;
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
