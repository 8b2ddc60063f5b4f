package dev.hawkeye.transport.unix;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.ConnectionRefusedSocketException;

/** The socket file on disk: a live one is refused, a stale one replaced; mode and group applied. */
final class SocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int PROBE_TIMEOUT_MILLIS = 1000;

    private SocketFile() {
    }

    /**
     * Makes {@code path} free to bind: nothing there, or a socket file left by a crash (nothing
     * answers on it), which is removed.
     *
     * @throws IOException "another hawkeye is running on PATH" when something answers on it; or
     *                     when the directory is missing or a file that is not a socket is in the way
     */
    static void claim(Path path, Logger log) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("cannot listen on " + path + ": the directory " + parent + " does not exist");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IOException("cannot listen on " + path + ": a file that is not a socket is in the way;"
                    + " remove it or choose another path");
        }
        if (answers(path)) {
            throw new IOException("another hawkeye is running on " + path);
        }
        Files.deleteIfExists(path);
        log.log(Level.INFO, "replaced the stale socket file " + path + " (nothing answered on it)");
    }

    /** Gives the bound socket file its mode and, when set, its group. */
    static void applyPermissions(Path path, Set<PosixFilePermission> mode, String group) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (IOException e) {
            throw new IOException("cannot set mode " + PosixFilePermissions.toString(mode) + " on " + path + ": " + e, e);
        }
        if (group != null) {
            try {
                GroupPrincipal principal = FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(principal);
            } catch (IOException e) {
                throw new IOException("cannot give " + path + " the group '" + group + "': " + e, e);
            }
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        }
    }

    /** Whether a server accepts on {@code path}; a timeout counts as yes (a live server with a full backlog). */
    private static boolean answers(Path path) throws IOException {
        try (AFUNIXSocket probe = AFUNIXSocket.newInstance()) {
            probe.connect(AFUNIXSocketAddress.of(path), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (ConnectionRefusedSocketException e) {
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            throw new IOException("cannot tell whether something listens on " + path + ": " + e, e);
        }
    }
}
