package io.obshell.emulator.task;

import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.obproxy.UpgradeObproxyDag;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A freshly created upgrade DAG that never moves (pacing paused, no runner), for tests of the
 * task read routes: what they answer must not change while a test looks. The subclasses are
 * {@code @EmulatorHttpTest}s, whose reset after each test undoes all of this.
 */
abstract class PausedUpgradeDagFixture {

    @Autowired
    EmulatorTestClient emulator;
    @Autowired
    DagFactory dags;
    @Autowired
    UpgradeObproxyDag upgrade;
    @Autowired
    TaskStore store;
    @Autowired
    MaintenanceLock lock;
    @Autowired
    Pacing pacing;
    @Autowired
    DagRunner runner;
    @Autowired
    AgentIdentity agent;

    ObshellClient client;
    /** What creating it answered. */
    TaskDtos.DagDetailDTO created;
    String dagId;

    @BeforeEach
    void aPausedUpgradeDag() {
        pacing.setPaused(true);
        runner.stopAll();
        store.deleteAll();
        lock.release();
        client = emulator.withPassword();
        created = dags.create(upgrade,
                new UpgradeObproxyDag.Params("/home/admin/obproxy/x", "4.3.3.0", "5", "el7", "5.el7"));
        dagId = created.id();
    }
}
