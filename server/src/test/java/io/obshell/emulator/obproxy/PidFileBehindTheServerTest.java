package io.obshell.emulator.obproxy;

import static io.obshell.emulator.EnvelopeAssert.assertEnvelope;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The server keeps the pid file's text between upgrade requests once the file is a few seconds
 * old; whatever then changes the file on disk, behind the server's back, the next refused
 * upgrade answers from what the disk holds. The ODP starts at 4.3.2.0-26, so a request for that
 * version is refused at the version check while the process counts as running.
 */
@EmulatorHttpTest
class PidFileBehindTheServerTest {

    private static final String UPGRADE = "/api/v1/obproxy/upgrade";
    private static final String SAME_VERSION = "{\"version\":\"4.3.2.0\",\"release\":\"26.el7\"}";

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;
    @TempDir
    Path outside;

    ObshellClient client;
    Path pidFile;

    @BeforeEach
    void settledPidFile() throws Exception {
        client = emulator.withPassword();
        pidFile = obproxy.home().resolve("run/obproxy.pid");
        // The server keeps a file's text only once its ctime is 3 s in the past.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> ((FileTime) Files
                .getAttribute(pidFile, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toMillis()
                < System.currentTimeMillis() - 3_500);
        // The first read keeps the text, the second is answered from it.
        for (int i = 0; i < 2; i++) {
            refusedAtTheVersionCheck();
        }
    }

    private void refusedAtTheVersionCheck() {
        assertEnvelope(client.post(UPGRADE, SAME_VERSION)).isHandlerError(400, "OBProxy.UpgradeToLowerVersion", null,
                "Target version 4.3.2.0-26 is not greater than current version 4.3.2.0-26. "
                        + "Please verify if the parameters have been filled out correctly");
    }

    private void notRunning() {
        assertEnvelope(client.post(UPGRADE, SAME_VERSION))
                .isHandlerError(400, "OBProxy.NotRunning", null, "OBProxy is not running");
    }

    /** Another pid of the same length, written into the same file: only its ctime tells. */
    @Test
    void aPidRewrittenInPlaceIsSeenAtOnce() throws Exception {
        String pid = Files.readString(pidFile);
        String other = pid.charAt(0) == '9' ? "1" + pid.substring(1) : (char) (pid.charAt(0) + 1) + pid.substring(1);
        Files.writeString(pidFile, other);
        notRunning();
        Files.writeString(pidFile, pid);
        refusedAtTheVersionCheck();
    }

    @Test
    void aDeletedPidFileIsSeenAtOnce() throws Exception {
        Files.delete(pidFile);
        notRunning();
    }

    @Test
    void garbageInThePidFileIsSeenAtOnce() throws Exception {
        Files.writeString(pidFile, "x");
        assertEnvelope(client.post(UPGRADE, SAME_VERSION))
                .isHandlerError(500, "Common.Unexpected", null, "strconv.Atoi: parsing \"x\": invalid syntax");
    }

    @Test
    void aLinkPlantedInItsPlaceIsRefusedAtOnce() throws Exception {
        Path same = Files.writeString(outside.resolve("obproxy.pid"), Files.readString(pidFile));
        Files.delete(pidFile);
        Files.createSymbolicLink(pidFile, same);
        assertEnvelope(client.post(UPGRADE, SAME_VERSION)).isHandlerError(500, "Common.Unexpected", null,
                "open /home/admin/obproxy/run/obproxy.pid: too many levels of symbolic links");
    }
}
