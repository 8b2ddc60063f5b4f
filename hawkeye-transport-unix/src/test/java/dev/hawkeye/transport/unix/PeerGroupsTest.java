package dev.hawkeye.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerGroupsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSupplementaryGroupsOfAProcStatusFile() throws IOException {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nGid:\t100\t100\t100\t100\nGroups:\t4 27 54321 \nPid:\t1\n");
        Path none = Files.writeString(dir.resolve("none"), "Name:\tjava\nGroups:\t\n");

        assertThat(PeerGroups.fromProc(status)).containsExactly(4, 27, 54321);
        assertThat(PeerGroups.fromProc(none)).isEmpty();
        assertThat(PeerGroups.fromProc(dir.resolve("gone"))).isEmpty();
    }
}
