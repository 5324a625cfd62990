package io.obshell.emulator.task;

import static io.obshell.emulator.task.DagHttp.logs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

import io.obshell.emulator.ControlHttp;
import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.Sandbox;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.ManagedObproxy;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import io.obshell.emulator.pkg.TestRpms;
import org.eclipse.packager.rpm.coding.PayloadCoding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the ten "Upgrade obproxy" tasks log and do, line by line, where obshell's source fixes it
 * (dag-engine.md §5.2, §6): the version check after the hot restart, the paths Go joins and
 * cleans, the payload checks at install, and Go's own error texts on the client's paths.
 */
@EmulatorHttpTest
class UpgradeTaskLogsTest {

    private static final byte[] NEW_BINARY = "obproxy 4.3.3.0-5\n".getBytes(StandardCharsets.UTF_8);

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    ManagedObproxy obproxy;
    @Autowired
    Sandbox sandbox;
    @Autowired
    DagCatalog catalog;

    @TempDir
    Path dir;

    ObshellClient client;
    DagHttp dags;

    @BeforeEach
    void freshEmulator() {
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        client = emulator.withPassword();
        dags = new DagHttp(client);
    }

    // §5.2 task 9: one round finds the new pid, then the version check logs its first attempt.
    @Test
    void theWaitForTheHotRestartLogsTheNewPidAndOneVersionCheck() {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY));
        JsonNode dag = upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}", "SUCCEED");

        assertThat(logs(dag, 9)).containsExactly("obproxy " + obproxy.get().pid() + " is running", "retry 1 times");
    }

    // §5.2 task 9: up to 100 attempts, each "retry N times" and the mismatch (target without its
    // build); the error wraps HotRestartTimeout twice around the Common.Unexpected mismatch.
    @Test
    void aVersionThatIsNotTheTargetAfterTheRestartFailsAfterAHundredChecks() {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY));
        arm("{\"task\":\"Wait hot restart obproxy finish\",\"times\":1}");
        String id = upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}", "FAILED").path("id").asString();
        assertThat(emulator.control().put("/__emulator/obproxy", "{\"version\":\"4.3.2.0-26\"}").status())
                .isEqualTo(200);

        assertThat(dags.operate(id, "RETRY").status()).isEqualTo(200);
        JsonNode dag = dags.awaitState(id, "FAILED");

        String mismatch = "obproxy version is not the target version, current version: 4.3.2.0-26, "
                + "target version: 4.3.3.0";
        List<String> expected = new ArrayList<>();
        expected.add("obproxy " + obproxy.get().pid() + " is running");
        for (int attempt = 1; attempt <= 100; attempt++) {
            expected.add("retry " + attempt + " times");
            expected.add(mismatch);
        }
        expected.add("ERROR: [OBProxy.HotRestartTimeout]: Wait hot restart OBProxy finish timeout: "
                + "Wait hot restart OBProxy finish timeout: Unexpected error: " + mismatch);
        List<String> logs = logs(dag, 9);
        assertThat(logs.subList(logs.size() - expected.size(), logs.size())).containsExactlyElementsOf(expected);
    }

    // §3.5: the upgradeDir param keeps "//"; the rpm dir and the backup dir are filepath.Join'ed,
    // which cleans them. §5.2 tasks 2, 4 and 5 log those paths.
    @Test
    void pathsJoinedFromATrailingSlashUpgradeDirAreCleanedAsGoJoinsThem() {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY));
        JsonNode dag = upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\",\"upgrade_dir\":\"/data/up/\"}",
                "SUCCEED");

        String upgradeDir = logs(dag, 1).get(0).substring("Upgrade dir is ".length());
        assertThat(upgradeDir).matches("/data/up//obproxy-upgrade-dir-\\d+");
        String clean = upgradeDir.replace("//", "/");
        String rpm = clean + "/x86_64/4.3.3.0/obproxy-ce.rpm";
        assertThat(logs(dag, 1)).containsExactly("Upgrade dir is " + upgradeDir, "Mkdir " + upgradeDir + " ");
        List<String> download = logs(dag, 2);
        assertThat(download).hasSize(8);
        assertThat(download.subList(0, 4)).containsExactly("The directory for this upgrade check task is " + upgradeDir,
                "Confirm that all the required packages have been uploaded.", "Check the remaining disk space.",
                "The directory being checked is " + upgradeDir);
        assertThat(download.get(4)).matches("The required disk size is \\d+");
        assertThat(download.get(5)).matches("The remaining disk size is \\d+");
        assertThat(download.subList(6, 8)).containsExactly("Download all packages to " + upgradeDir,
                "Downloaded pkg 'obproxy-ce' to '" + rpm + "'");
        assertThat(logs(dag, 4).subList(0, 2)).containsExactly("Backup important files.",
                "The directory for backup is " + clean + "/backup");
        assertThat(logs(dag, 5)).containsExactly("Successfully installed " + rpm);
    }

    // envelope-errors.md §4: compression and payload format are checked at install, before the
    // binary is touched (CheckCompressAndFormat).
    @Test
    void aPackageWhosePayloadIsNotXzFailsTheReinstallAndKeepsTheOldBinary() throws Exception {
        byte[] oldBinary = Files.readAllBytes(obproxy.home().resolve("bin/obproxy"));
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY).payloadCoding(PayloadCoding.GZIP));
        JsonNode dag = upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}", "FAILED");

        assertThat(dag.path("stage").asInt()).isEqualTo(5);
        assertThat(logs(dag, 5)).containsExactly("ERROR: [Package.Compression.NotSupported]: "
                + "Unsupported compression 'gzip', the supported compression is 'xz'");
        assertThat(Files.readAllBytes(obproxy.home().resolve("bin/obproxy"))).isEqualTo(oldBinary);
    }

    // dag-engine.md §5.2 task 5: the payload's regular file *named* obproxy replaces the binary.
    @Test
    void theReinstallTakesThePayloadFileNamedObproxy() throws Exception {
        byte[] other = "an obproxy elsewhere in the payload\n".getBytes(StandardCharsets.UTF_8);
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY)
                .file("/home/admin/obproxy-4.3.3.0/share/obproxy", other));
        upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}", "SUCCEED");

        // Go walks the cpio archive and installs every match; the last one stays.
        assertThat(Files.readAllBytes(obproxy.home().resolve("bin/obproxy"))).isEqualTo(other);
    }

    // §5.2 task 5's rollback copies <dir>/backup/obproxy back (system.CopyFile): with the backup
    // node passed there is none, and the rollback fails on Go's open error, the binary removed.
    @Test
    void rollingBackTheReinstallWithoutABackupFailsOnGosOpenError() {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY));
        arm("{\"task\":\"Backup for upgrade\",\"times\":1}");
        arm("{\"task\":\"Hot restart obproxy\",\"times\":1}");
        JsonNode failed = upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\"}", "FAILED");
        String id = failed.path("id").asString();
        String backupNode = failed.get("nodes").get(3).path("id").asString();
        assertThat(client.post("/api/v1/task/node/" + backupNode, "{\"operator\":\"PASS\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> dags.dag(id),
                dag -> dag.path("state").asString().equals("FAILED") && dag.path("stage").asInt() == 8);

        assertThat(dags.operate(id, "ROLLBACK").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> dags.dag(id).path("state").asString(),
                state -> state.equals("FAILED") || state.equals("SUCCEED"));
        JsonNode dag = dags.dag(id);

        assertThat(dag.path("state").asString()).isEqualTo("FAILED");
        assertThat(dag.path("operator").asString()).isEqualTo("ROLLBACK");
        assertThat(dag.path("stage").asInt()).isEqualTo(5);
        String upgradeDir = logs(dag, 1).get(0).substring("Upgrade dir is ".length());
        assertThat(logs(dag, 5)).last().isEqualTo("ERROR: [Common.Unexpected]: Unexpected error: open " + upgradeDir
                + "/backup/obproxy: no such file or directory");
        assertThat(obproxy.home().resolve("bin/obproxy")).doesNotExist();
    }

    static Stream<Arguments> upgradeDirsMkdirCannotMake() {
        String longName = "x".repeat(256);
        return Stream.of(
                Arguments.of("/home/admin/obproxy/bin/obproxy/up", "mkdir /home/admin/obproxy/bin/obproxy: not a directory"),
                Arguments.of("/home/admin/obproxy/bin/obproxy/", "mkdir /home/admin/obproxy/bin/obproxy/: file exists"),
                Arguments.of("/data/" + longName, "mkdir /data/" + longName + ": file name too long"));
    }

    // A Go PathError from os.MkdirAll, on the client's path, and never the server's own path.
    @ParameterizedTest
    @MethodSource("upgradeDirsMkdirCannotMake")
    void anUpgradeDirThatCannotBeMadeFailsWithGosMkdirError(String upgradeDir, String goError) {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7").binary(NEW_BINARY));
        JsonNode dag = upgradeUntil("{\"version\":\"4.3.3.0\",\"release\":\"5.el7\","
                + "\"upgrade_dir\":\"" + upgradeDir + "\"}", "FAILED");

        assertThat(dag.path("stage").asInt()).isEqualTo(1);
        assertThat(logs(dag, 1)).last().isEqualTo("ERROR: [Common.Unexpected]: Unexpected error: " + goError);
        assertThat(String.join("\n", logs(dag, 1))).doesNotContain(sandbox.root().toString());
    }

    // Any other I/O error a task meets is shown on the client's path too (here the backup dir
    // is taken by a file, which no request can arrange, hence the task driven directly).
    @Test
    void anIoErrorInATaskNamesTheClientsPathNotTheSandboxs() throws Exception {
        Files.createDirectories(sandbox.resolve("/x/up"));
        Files.writeString(sandbox.resolve("/x/up/backup"), "a file where the backup dir goes");
        @SuppressWarnings("unchecked")
        TaskDefinition<UpgradeObproxyDag.Params> backup = (TaskDefinition<UpgradeObproxyDag.Params>) catalog
                .task(UpgradeObproxyDag.NAME, UpgradeObproxyDag.BACKUP).orElseThrow();
        TaskRun<UpgradeObproxyDag.Params> run = new TaskRun<>(
                new UpgradeObproxyDag.Params("/x/up", "4.3.3.0", "5", "el7", "5.el7"), new HashMap<>(), false,
                line -> {
                });

        assertThatThrownBy(() -> backup.execute().run(run)).isInstanceOf(IOException.class)
                .hasMessageContaining("/x/up/backup").hasMessageNotContaining(sandbox.root().toString());
    }

    private void upload(TestRpms.Builder rpm) {
        Path file = rpm.build(dir);
        ObshellClient.Response uploaded = client.upload("/api/v1/obproxy/package", "p.rpm", file);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
    }

    private void arm(String rule) {
        ControlHttp.Response armed = emulator.control().post("/__emulator/faults", rule);
        assertThat(armed.status()).as(armed.body()).isEqualTo(201);
    }

    private JsonNode upgradeUntil(String body, String state) {
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return dags.awaitState(created.data().path("id").asString(), state);
    }
}
