package dev.hawkeye.notifier.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * STARTTLS in front of a plain SMTP server, because GreenMail's SMTP does not offer STARTTLS (only
 * SMTPS). It answers the greeting and EHLO itself, offering only STARTTLS; on STARTTLS it upgrades
 * the connection with GreenMail's own self-signed certificate (greenmail.p12 in GreenMail's jar),
 * then joins the encrypted connection to the plain server, whose greeting it swallows, so the
 * client's second EHLO, its AUTH and its message all reach the real server, over TLS on the
 * client's side. A client that does not send STARTTLS gets no further than EHLO.
 */
final class StartTlsFront implements AutoCloseable {
    private final ServerSocket server;
    private final int backendPort;
    private final SSLContext tls;
    private final AtomicInteger upgraded = new AtomicInteger();

    StartTlsFront(int backendPort) throws Exception {
        this.backendPort = backendPort;
        this.tls = greenMailTls();
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "starttls-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections were upgraded to TLS. */
    int upgradedConnections() {
        return upgraded.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> serve(client), "starttls-front-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            write(out, "220 starttls-front ESMTP");
            while (true) {
                String command = readLine(in);
                if (command == null) {
                    return;
                }
                String verb = command.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                if (verb.equals("EHLO") || verb.equals("HELO")) {
                    write(out, "250-starttls-front\r\n250 STARTTLS");
                } else if (verb.equals("STARTTLS")) {
                    write(out, "220 2.0.0 Ready to start TLS");
                    joinOverTls(client);
                    return;
                } else if (verb.equals("QUIT")) {
                    write(out, "221 2.0.0 Bye");
                    return;
                } else {
                    write(out, "530 5.7.0 Must issue a STARTTLS command first");
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private void joinOverTls(Socket client) throws IOException {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, null, client.getPort(), false);
        secure.setUseClientMode(false);
        secure.startHandshake();
        upgraded.incrementAndGet();
        try (secure; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            if (readLine(backend.getInputStream()) == null) {
                return;
            }
            Thread up = new Thread(() -> copy(secure, backend), "starttls-front-up");
            up.setDaemon(true);
            up.start();
            copy(backend, secure);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException | UnsupportedOperationException ignored) {
            // one side closed; the other follows
        }
    }

    /** Reads one CRLF-terminated line byte by byte, so nothing after it is consumed. */
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

    private static SSLContext greenMailTls() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = StartTlsFront.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            if (in == null) {
                throw new IllegalStateException("greenmail.p12 is not on the test class path");
            }
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
