package io.obshell.emulator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.JdbcCounts;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.pkg.TestRpms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * What one upgrade DAG asks of SQLite, counted at the JDBC boundary: the runner's statements,
 * commits and pool checkouts from the POST to SUCCEED, the POST's and a poll's. Each step a
 * client can see is a commit of its own (pacing shows every one), so the runner's commits are
 * its steps; what else it asks is the cost this test keeps from growing back.
 */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.agent.password=" + EmulatorTestClient.PASSWORD)
@Import(JdbcCounts.Boundary.class)
class DagStatementsTest {

    private static final Predicate<String> RUNNER = name -> name.startsWith("dag-runner-");

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    TaskStore store;
    @Autowired
    MaintenanceLock lock;

    @TempDir
    Path dir;

    ObshellClient client;

    @BeforeEach
    void aPackageToUpgradeTo() {
        emulator.emulatorControl().stageDelay(Duration.ZERO);
        client = emulator.withPassword();
        for (String release : new String[] {"5.el7", "6.el7"}) {
            Path rpm = TestRpms.obproxy("4.3.3.0").release(release).build(dir.resolve(release));
            assertThat(client.upload("/api/v1/obproxy/package", rpm.getFileName().toString(), rpm).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void anUpgradeDagsStatementsCommitsAndCheckouts() {
        // The first DAG loads what the first one loads; the second is counted.
        awaitSucceeded(upgrade("5.el7"));
        String requestThread = Thread.currentThread().getName();
        Predicate<String> requests = name -> !RUNNER.test(name) && !name.equals(requestThread)
                && !name.equals("sqlite-checkpoint");

        JdbcCounts.clear();
        String id = upgrade("6.el7");
        JdbcCounts.Counts post = JdbcCounts.of(requests);
        long dagId = awaitSucceeded(id);
        JdbcCounts.Counts runner = JdbcCounts.of(RUNNER);

        JdbcCounts.clear();
        assertThat(client.get("/api/v1/task/dag/" + id + "?show_details=false").status()).isEqualTo(200);
        JdbcCounts.Counts poll = JdbcCounts.of(requests);
        System.out.printf("DAG %d: POST %s, runner %s, poll %s%n", dagId, post, runner, poll);

        // 1 start, 10 stages of 6 steps (node RUNNING, sub_task READY, RUNNING, its result, node
        // finished, next stage or the DAG's end): 61 steps, each its own commit, and the hot
        // restart's new version and pid of the ODP model and the wait after it, a transaction each.
        assertThat(runner.commits()).isEqualTo(63);
        assertThat(runner.checkouts()).isLessThanOrEqualTo(71);
        assertThat(runner.prepared()).isLessThanOrEqualTo(83);
        assertThat(post.commits()).isEqualTo(1);
        assertThat(post.prepared()).isLessThanOrEqualTo(5);
        assertThat(poll.executed()).isLessThanOrEqualTo(1);
    }

    private String upgrade(String release) {
        ObshellClient.Response created = client.post("/api/v1/obproxy/upgrade",
                "{\"version\":\"4.3.3.0\",\"release\":\"" + release + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.data().path("id").asString();
    }

    /** Waits without a poll over HTTP, whose statements would be counted as requests. */
    private long awaitSucceeded(String id) {
        long dagId = GenericIdCodec.decode(id).rowId();
        await().atMost(Duration.ofSeconds(20)).until(() -> store.dag(dagId).map(dag -> dag.state() == TaskState.SUCCEED)
                .orElse(false) && !lock.held());
        return dagId;
    }
}
