package io.obshell.emulator.obproxy;

import java.util.List;

import io.obshell.emulator.task.DagTemplate;
import io.obshell.emulator.task.DagTemplate.TaskTemplate;

/** The ten-stage "Upgrade obproxy" DAG with obshell's names, Go structs and flags (dag-engine.md §5.2). */
public final class UpgradeDagTemplate {

    public static final String NAME = "Upgrade obproxy";

    public static final String CREATE_UPGRADE_DIR = "Create upgrade dir";
    public static final String DOWNLOAD_PKG = "Download obproxy pkg from sqlite";
    public static final String CHECK_PKG = "Check obproxy pkg";
    public static final String BACKUP = "Backup for upgrade";
    public static final String REINSTALL_BIN = "Reinstall obproxy bin";
    public static final String COPY_CONFIG_DB = "Copy obproxy config db file";
    public static final String RECORD_INFO = "Record obproxy info";
    public static final String HOT_RESTART = "Hot restart obproxy";
    public static final String WAIT_HOT_RESTART = "Wait hot restart obproxy finish";
    public static final String REMOVE_UPGRADE_DIR = "Remove upgrade dir";

    public static final DagTemplate TEMPLATE = new DagTemplate(NAME, "obproxy", true, List.of(
            all(CREATE_UPGRADE_DIR, "CreateObproxyUpgradeDirTask"),
            new TaskTemplate(DOWNLOAD_PKG, "GetObproxyPkgTask", true, true, true, false, false),
            all(CHECK_PKG, "CheckObproxyPkgTask"),
            all(BACKUP, "BackupObproxyForUpgradeTask"),
            all(REINSTALL_BIN, "ReinstallObproxyBinTask"),
            all(COPY_CONFIG_DB, "CopyConfigDbFileTask"),
            all(RECORD_INFO, "RecordObproxyInfoTask"),
            all(HOT_RESTART, "HotRestartObproxyTask"),
            all(WAIT_HOT_RESTART, "WaitHotRestartObproxyFinishTask"),
            new TaskTemplate(REMOVE_UPGRADE_DIR, "RemoveUpgradeObproxyDirTask", true, true, false, true, true)));

    private UpgradeDagTemplate() {
    }

    private static TaskTemplate all(String name, String structName) {
        return new TaskTemplate(name, structName, true, true, true, true, true);
    }
}
