package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.obshell.emulator.task.DagCatalog;
import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.MaintenanceType;
import io.obshell.emulator.task.TaskDefinition;
import io.obshell.emulator.task.TaskFlag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every DAG the emulator defines, against obshell's templates (executor/obproxy/upgrade.go,
 * package.go, add.go, start.go, stop.go, delete.go): DAG names, maintenance types, and per
 * stage the task name, Go struct name, can_* flags and failure_exit_maintenance. A DAG added
 * without its row here fails this test.
 */
@EmulatorHttpTest
class DagContractTest {

    private static final Set<TaskFlag> ALL = EnumSet.allOf(TaskFlag.class);
    private static final Set<TaskFlag> NO_ROLLBACK = EnumSet.of(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.CANCEL,
            TaskFlag.PASS);

    record Task(String name, String structName, Set<TaskFlag> flags, boolean failureExitMaintenance) {
    }

    record Dag(MaintenanceType maintenance, List<Task> tasks) {
    }

    private static Task task(String name, String structName, Set<TaskFlag> flags) {
        return new Task(name, structName, flags, false);
    }

    private static final Map<String, Dag> OBSHELL = new LinkedHashMap<>();

    static {
        OBSHELL.put("Upgrade obproxy", new Dag(MaintenanceType.OBPROXY, List.of(
                task("Create upgrade dir", "CreateObproxyUpgradeDirTask", ALL),
                task("Download obproxy pkg from sqlite", "GetObproxyPkgTask",
                        EnumSet.of(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.ROLLBACK)),
                task("Check obproxy pkg", "CheckObproxyPkgTask", ALL),
                task("Backup for upgrade", "BackupObproxyForUpgradeTask", ALL),
                task("Reinstall obproxy bin", "ReinstallObproxyBinTask", ALL),
                task("Copy obproxy config db file", "CopyConfigDbFileTask", ALL),
                task("Record obproxy info", "RecordObproxyInfoTask", ALL),
                task("Hot restart obproxy", "HotRestartObproxyTask", ALL),
                task("Wait hot restart obproxy finish", "WaitHotRestartObproxyFinishTask", ALL),
                task("Remove upgrade dir", "RemoveUpgradeObproxyDirTask", NO_ROLLBACK))));
        // The first node of the other four: no rollback, and a failure there gives the lock back.
        Task check = new Task("Check obproxy status", "PrepareForAddObproxyTask", NO_ROLLBACK, true);
        Task start = task("Start obproxy", "StartObproxyTask", ALL);
        Task stop = task("Stop obproxy", "StopObproxyTask", ALL);
        OBSHELL.put("Add obproxy", new Dag(MaintenanceType.OBPROXY, List.of(check, start,
                task("Set proxyro password for connect", "SetObproxyUserPasswordForObTask", NO_ROLLBACK),
                task("Persist obproxy info", "PersistObproxyInfoTask", NO_ROLLBACK))));
        OBSHELL.put("Start obproxy", new Dag(MaintenanceType.NOT_UNDER_MAINTENANCE, List.of(check, start)));
        OBSHELL.put("Stop obproxy", new Dag(MaintenanceType.OBPROXY, List.of(check, stop)));
        OBSHELL.put("Delete obproxy", new Dag(MaintenanceType.OBPROXY, List.of(check, stop,
                task("Delete obproxy", "DeleteObproxyTask", NO_ROLLBACK),
                task("Clean obproxy dir", "CleanObproxyDirTask", NO_ROLLBACK))));
    }

    @Autowired
    DagCatalog catalog;

    @Test
    void everyDagIsObshellsTemplate() {
        Map<String, Dag> defined = new LinkedHashMap<>();
        for (DagDefinition<?> dag : catalog.dags()) {
            defined.put(dag.name(), new Dag(dag.maintenanceType(), dag.tasks().stream().map(DagContractTest::row)
                    .toList()));
        }

        assertThat(defined).containsExactlyInAnyOrderEntriesOf(OBSHELL);
    }

    @Test
    void aStructNameMeansTheSameFlagsInEveryDag() {
        Map<String, Set<TaskFlag>> flagsByStruct = new LinkedHashMap<>();
        for (DagDefinition<?> dag : catalog.dags()) {
            for (TaskDefinition<?> task : dag.tasks()) {
                Set<TaskFlag> seen = flagsByStruct.putIfAbsent(task.structName(), task.flags());
                assertThat(seen == null ? task.flags() : seen).as(dag.name() + " / " + task.structName())
                        .isEqualTo(task.flags());
            }
        }
    }

    private static Task row(TaskDefinition<?> task) {
        return new Task(task.name(), task.structName(), task.flags().isEmpty() ? EnumSet.noneOf(TaskFlag.class)
                : EnumSet.copyOf(task.flags()), task.failureExitMaintenance());
    }
}
