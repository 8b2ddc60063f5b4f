package dev.hawkeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The commands that need no running server, and the tools when none runs. */
class OfflineCommandsIT {
    @RegisterExtension
    final Distribution distribution = new Distribution();

    @Test
    void pluginsListsTheUnixTransportFromThePluginsFolderAndTheBuiltIns() throws Exception {
        HawkeyeProcess.Result plugins = distribution.run("plugins");

        assertThat(plugins.exitCode()).as(plugins.toString()).isEqualTo(0);
        assertThat(plugins.stdout().get(0)).startsWith("KIND").contains("TYPE", "VERSION", "ORIGIN");
        assertThat(plugins.stdout()).as(plugins.toString())
                .anyMatch(line -> line.matches("transport\\s+unix\\s+0\\.1\\.0-SNAPSHOT\\s+.*plugins/unix.*"))
                .anyMatch(line -> line.matches("store\\s+memory\\s+.*built-in"))
                .anyMatch(line -> line.matches("notifier\\s+console\\s+.*built-in"));
    }

    @Test
    void sendRefusesAnInvalidKeyWithAUsageError() throws Exception {
        HawkeyeProcess.Result sent = distribution.run("send", "bad key", "--socket", distribution.socket().toString());

        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(2);
        assertThat(sent.stderrText()).contains("key");
    }

    @Test
    void toolsExitWithOneWhenNoServerAnswers() throws Exception {
        HawkeyeProcess.Result sent = distribution.run("send", "e2e.errors", "--socket", distribution.workDir().resolve("nobody.sock").toString());

        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(1);
        assertThat(sent.stderrText()).contains("nobody.sock");
    }

    @Test
    void theToolsFindTheSocketInDotEnvOfTheWorkingFolder() throws Exception {
        Files.writeString(distribution.workDir().resolve(".env"), "HAWKEYE_SOCKET=" + distribution.workDir().resolve("from-env.sock") + "\n");

        HawkeyeProcess.Result sent = distribution.run("send", "e2e.errors");

        assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(1);
        assertThat(sent.stderrText()).contains("from-env.sock");
    }
}
