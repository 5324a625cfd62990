package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.pkg.ObVersion;
import io.obshell.emulator.pkg.ObproxyRpm;
import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.DagParams;
import io.obshell.emulator.task.MaintenanceType;
import io.obshell.emulator.task.TaskDefinition;
import io.obshell.emulator.task.TaskFlag;
import io.obshell.emulator.task.TaskRun;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * "Upgrade obproxy" (obshell's buildUpgradeObproxyTemplate, executor/obproxy/upgrade.go and
 * package.go): ten tasks doing small, real work in the sandbox with obshell's log lines, and
 * rollbacks that put the sandbox and the ODP model back.
 */
@Component
@Order(0)
public class UpgradeObproxyDag extends DagDefinition<UpgradeObproxyDag.Params> {

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

    /**
     * obshell's buildUpgradeObproxyTaskContext params: the upgrade dir
     * ({@code <upgrade_dir or home>/obproxy-upgrade-dir-<unix seconds>}), the target version, the
     * release's build number and distribution, and the release as sent.
     */
    public record Params(String upgradeDir, String version, String buildNumber, String distribution,
            String releaseDistribution) implements DagParams {

        /** The target as sent ({@code 4.3.3.2}) and with its build ({@code 4.3.3.2-5}). */
        @Override
        public Set<String> targetVersions() {
            return Set.of(version, version + "-" + buildNumber);
        }

        /** {@code VERSION-BUILD}, as the ODP reports its version. */
        String target() {
            return version + "-" + buildNumber;
        }
    }

    /** Data the download task passes on: where it wrote the package. */
    private static final String RPM_PATH = "obproxyRpmPkgPath";
    /** Data the record task passes on: the pid of the ODP before the hot restart. */
    private static final String OLD_PID = "oldObproxyPid";
    private static final String SET_LOCAL_CMD = "set proxy_local_cmd to 2";
    /** hot_upgrade_rollback_timeout (100s) over the wait's 5-second rounds. */
    private static final int HOT_RESTART_WAIT_ROUNDS = 20;
    /** obshell's WAIT_OBPROXY_CONNECTED_MAX_TIMES: version checks after the hot restart (10 s apart there). */
    private static final int VERSION_CHECK_ATTEMPTS = 100;

    private final Sandbox sandbox;
    private final ManagedObproxy obproxy;
    private final UpgradePackages packages;
    private final AgentIdentity agent;
    private final ObproxySql sql;

    UpgradeObproxyDag(Sandbox sandbox, ManagedObproxy obproxy, UpgradePackages packages, AgentIdentity agent,
            ObproxySql sql) {
        super(NAME, MaintenanceType.OBPROXY, Params.class);
        this.sql = sql;
        this.sandbox = sandbox;
        this.obproxy = obproxy;
        this.packages = packages;
        this.agent = agent;
    }

    @Override
    protected List<TaskDefinition<Params>> defineTasks() {
        return List.of(createUpgradeDir(), downloadPackage(), checkPackage(), backup(), reinstallBinary(),
                copyConfigDb(), recordInfo(), hotRestart(), waitHotRestart(), removeUpgradeDir());
    }

    private TaskDefinition<Params> createUpgradeDir() {
        return task(CREATE_UPGRADE_DIR, "CreateObproxyUpgradeDirTask").execute(inSandbox(run -> {
            String dir = run.params().upgradeDir();
            run.log("Upgrade dir is " + dir);
            run.data("createUpgradeDirFlag", false);
            run.log("Mkdir " + dir + " ");
            mkdirAll(dir);
            if (!isEmpty(sandbox.resolve(dir))) {
                throw ApiException.handler(ErrorCode.COMMON_DIR_NOT_EMPTY, dir);
            }
            run.data("createUpgradeDirFlag", true);
        })).rollback(run -> {
            run.log("Rolling back...");
            if (run.data("createUpgradeDirFlag") != null) {
                // obshell's rollback instance has no dir: it logs "Remove " and deletes nothing.
                run.log("Remove ");
            }
        }).failsWith(ErrorCode.COMMON_DIR_NOT_EMPTY, "${upgradeDir}").build();
    }

    private TaskDefinition<Params> downloadPackage() {
        return task(DOWNLOAD_PKG, "GetObproxyPkgTask")
                .flags(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.ROLLBACK).execute(inSandbox(run -> {
            continueFromScratch(run, this::removeDownloads);
            String dir = run.params().upgradeDir();
            run.log("The directory for this upgrade check task is " + dir);
            mkdirAll(dir);
            run.log("Confirm that all the required packages have been uploaded.");
            Params params = run.params();
            UpgradePackages.Sizes sizes = packages.find(params.version(), params.buildNumber(),
                    params.distribution(), agent.architecture());
            if (sizes == null) {
                // The lookup's gorm error, returned as is: a plain Go error.
                throw new IOException(UpgradePackages.RECORD_NOT_FOUND);
            }
            run.log("Check the remaining disk space.");
            run.log("The directory being checked is " + dir);
            long required = sizes.size() + sizes.payloadSize();
            // system.GetDiskInfo(upgradeDir).FreeSizeBytes is statfs's Bfree*Bsize: blocks
            // reserved for root count as free, as they do in File.getFreeSpace (statvfs's
            // f_bfree*f_frsize, FileStore's unallocated space without parsing the mount table).
            long remaining = sandbox.resolve(dir).toFile().getFreeSpace();
            run.log("The required disk size is " + required);
            run.log("The remaining disk size is " + remaining);
            if (remaining < required) {
                throw ApiException.handler(ErrorCode.ENVIRONMENT_DISK_SPACE_NOT_ENOUGH, remaining, required);
            }
            run.log("Download all packages to " + dir);
            String rpmPath = rpmPathIn(run);
            Path target = sandbox.resolve(rpmPath);
            Files.createDirectories(target.getParent());
            packages.writeRpm(params.version(), params.buildNumber(), params.distribution(),
                    agent.architecture(), target);
            run.data(RPM_PATH, rpmPath);
            run.log("Downloaded pkg '" + ObproxyUpgrades.PACKAGE_NAME + "' to '" + rpmPath + "'");
        })).rollback(inSandbox(this::removeDownloads))
                // The disk check is the download's own failure; the sizes are illustrative.
                .failsWith(ErrorCode.ENVIRONMENT_DISK_SPACE_NOT_ENOUGH, 0, 1).build();
    }

    private TaskDefinition<Params> checkPackage() {
        return task(CHECK_PKG, "CheckObproxyPkgTask").execute(inSandbox(run -> {
            ObproxyRpm.check(sandbox.resolve(rpmPath(run)));
            run.log("obproxy-ce package is checked successfully.");
        })).build();
    }

    private TaskDefinition<Params> backup() {
        return task(BACKUP, "BackupObproxyForUpgradeTask").execute(inSandbox(run -> {
            continueFromScratch(run, this::removeBackup);
            String backupDir = backupDir(run);
            run.log("Backup important files.");
            run.log("The directory for backup is " + backupDir);
            // obshell names its own bin directory here (path.BinDir()) and copies the ODP's.
            run.log("Backup the bin directory " + goJoin(agent.homePath(), "bin"));
            sandbox.copyTree(obproxy.get().homePath() + "/bin", backupDir);
        })).rollback(inSandbox(this::removeBackup)).build();
    }

    private TaskDefinition<Params> reinstallBinary() {
        return task(REINSTALL_BIN, "ReinstallObproxyBinTask").execute(inSandbox(run -> {
            String rpmPath = rpmPath(run);
            ObproxyRpm.installBinary(sandbox.resolve(rpmPath), obproxy.file("bin/obproxy"));
            run.log("Successfully installed " + rpmPath);
        })).rollback(inSandbox(run -> {
            run.log("uninstall new obproxy");
            Path binary = obproxy.file("bin/obproxy");
            Files.deleteIfExists(binary);
            String saved = backupDir(run) + "/obproxy";
            if (!Files.isRegularFile(sandbox.resolve(saved))) {
                // system.CopyFile's os.Open, when the backup node was passed.
                throw new IOException("open " + saved + ": no such file or directory");
            }
            Files.copy(sandbox.resolve(saved), binary, StandardCopyOption.REPLACE_EXISTING);
        })).build();
    }

    /**
     * From 4.1.0.0 on, a missing {@code proxyconfig_v1.db} is copied from {@code proxyconfig.db}
     * with system.CopyFile, which fails on a missing source with os.Open's text. obshell's
     * rollback repeats the copy; here it undoes a copy this task made, and fails as obshell's
     * would when there was nothing to copy.
     */
    private TaskDefinition<Params> copyConfigDb() {
        return task(COPY_CONFIG_DB, "CopyConfigDbFileTask").execute(inSandbox(run -> {
            if (ObVersion.compare(run.params().version(), "4.1.0.0") >= 0 && !Files.exists(configDb(NEW_CONFIG_DB))) {
                copyOldConfigDb();
                run.data("copiedConfigDb", true);
            }
        })).rollback(inSandbox(run -> {
            if (Boolean.TRUE.equals(run.data("copiedConfigDb"))) {
                Files.deleteIfExists(configDb(NEW_CONFIG_DB));
                run.data("copiedConfigDb", false);
            } else if (ObVersion.compare(run.params().version(), "4.1.0.0") >= 0
                    && !Files.exists(configDb(NEW_CONFIG_DB)) && !Files.exists(configDb(OLD_CONFIG_DB))) {
                copyOldConfigDb();
            }
        })).build();
    }

    private static final String OLD_CONFIG_DB = "proxyconfig.db";
    private static final String NEW_CONFIG_DB = "proxyconfig_v1.db";

    private Path configDb(String name) {
        return obproxy.file("etc/" + name);
    }

    /** system.CopyFile(old, new): MkdirAll of the target's dir, then os.Open of the source. */
    private void copyOldConfigDb() throws IOException {
        Files.createDirectories(configDb(NEW_CONFIG_DB).getParent());
        if (!Files.isRegularFile(configDb(OLD_CONFIG_DB))) {
            throw new IOException("open " + goJoin(obproxy.get().homePath(), "etc", OLD_CONFIG_DB)
                    + ": no such file or directory");
        }
        Files.copy(configDb(OLD_CONFIG_DB), configDb(NEW_CONFIG_DB));
    }

    private TaskDefinition<Params> recordInfo() {
        return task(RECORD_INFO, "RecordObproxyInfoTask").execute(run -> {
            Obproxy current = obproxy.get();
            sql.queryInTask(current.sqlPort(), "get hot_upgrade_rollback_timeout failed");
            run.data(OLD_PID, current.pid());
            run.data("oldObproxyVersion", current.version());
            run.data("hotUpgradeRollbackTimeout", "100s");
        }).build();
    }

    private TaskDefinition<Params> hotRestart() {
        return task(HOT_RESTART, "HotRestartObproxyTask").execute(run -> {
            run.log(SET_LOCAL_CMD);
            Obproxy current = obproxy.get();
            sql.queryInTask(current.sqlPort(), null);
            obproxy.save(current.withVersionAndPid(run.params().target(), ManagedObproxy.newPid()));
        }).beforeFailure(run -> run.log(SET_LOCAL_CMD)).rollback(run -> {
            // The emulated ODP goes back to the process and version it had before the upgrade.
            Object oldVersion = run.data("oldObproxyVersion");
            Object oldPid = run.data(OLD_PID);
            if (oldVersion != null && oldPid != null) {
                obproxy.save(obproxy.get().withVersionAndPid(oldVersion.toString(),
                        ((Number) oldPid).longValue()));
            }
        }).build();
    }

    private TaskDefinition<Params> waitHotRestart() {
        return task(WAIT_HOT_RESTART, "WaitHotRestartObproxyFinishTask").execute(run -> {
            run.log("obproxy " + obproxy.get().pid() + " is running");
            String version = run.params().version();
            String target = run.params().target();
            String last = null;
            for (int attempt = 1; attempt <= VERSION_CHECK_ATTEMPTS; attempt++) {
                run.log("retry " + attempt + " times");
                Obproxy current = obproxy.get();
                // checkVersion opens a new connection each time (LoadTempObproxyInstance).
                String refused = sql.temporaryConnectionFailure(current.sqlPort());
                if (refused != null) {
                    last = refused;
                    run.log("load obproxy instance failed: " + refused);
                    continue;
                }
                if (target.equals(current.version())) {
                    obproxy.save(current);
                    return;
                }
                // obshell names the target without its build number here.
                String mismatch = "obproxy version is not the target version, current version: "
                        + current.version() + ", target version: " + version;
                last = ErrorCode.COMMON_UNEXPECTED.message(mismatch);
                run.log(mismatch);
            }
            // checkVersion's WrapRetain and Execute's WrapOverride each prefix the timeout message.
            String timeout = ErrorCode.OBPROXY_HOT_RESTART_TIMEOUT.message();
            throw new ApiException(ErrorCode.OBPROXY_HOT_RESTART_TIMEOUT, timeout + ": " + timeout + ": " + last,
                    ApiException.Stage.HANDLER);
        }).beforeFailure(run -> {
            // The hot restart that never happened: the old process stays on the port for every
            // 5-second round of hot_upgrade_rollback_timeout (100s here).
            Object old = run.data(OLD_PID);
            long pid = old instanceof Number number ? number.longValue() : obproxy.get().pid();
            for (int round = 0; round < HOT_RESTART_WAIT_ROUNDS; round++) {
                run.log("obproxy " + pid + " is running");
                run.log("obproxy " + pid + " is still running, waiting for it to exit...");
            }
        }).failsWith(ErrorCode.OBPROXY_HOT_RESTART_TIMEOUT).build();
    }

    private TaskDefinition<Params> removeUpgradeDir() {
        return task(REMOVE_UPGRADE_DIR, "RemoveUpgradeObproxyDirTask")
                .flags(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.CANCEL, TaskFlag.PASS).execute(inSandbox(run -> {
            run.log("remove upgrade dir");
            sandbox.discardTree(run.params().upgradeDir());
            run.log("remove upgrade check dir finished");
        })).build();
    }

    private void removeDownloads(TaskRun<Params> run) throws IOException {
        run.log("Rolling back...");
        run.log("Delete all previously downloaded packages.");
        sandbox.deleteTree(run.params().upgradeDir());
        run.log("Successfully deleted.");
    }

    private void removeBackup(TaskRun<Params> run) throws IOException {
        String backupDir = backupDir(run);
        run.log("Rolling back...");
        run.log("Delete " + backupDir);
        sandbox.deleteTree(backupDir);
        run.log("Successfully deleted");
    }

    /** Tasks 2 and 4, resumed after a restart, first undo their half-done work. */
    private static void continueFromScratch(TaskRun<Params> run, TaskDefinition.Step<Params> rollback) throws Exception {
        if (run.continuing()) {
            run.log("The task is continuing.");
            rollback.run(run);
        }
    }

    private String rpmPath(TaskRun<Params> run) {
        Object path = run.data(RPM_PATH);
        return path != null ? path.toString() : rpmPathIn(run);
    }

    /**
     * {@code filepath.Join(upgradeDir, arch, version) + "/obproxy-ce.rpm"}: unlike the upgradeDir
     * param itself, the joined path is cleaned ({@code //} collapsed, {@code ..} resolved).
     */
    private String rpmPathIn(TaskRun<Params> run) {
        return goJoin(run.params().upgradeDir(), agent.architecture(), run.params().version()) + "/"
                + ObproxyUpgrades.PACKAGE_NAME + ".rpm";
    }

    /** {@code filepath.Join(upgradeDir, "backup")}, cleaned like the rpm path. */
    private static String backupDir(TaskRun<Params> run) {
        return goJoin(run.params().upgradeDir(), "backup");
    }

    /** Go's filepath.Join on these absolute paths: joined with "/" and cleaned. */
    private static String goJoin(String first, String... more) {
        return Path.of(first, more).normalize().toString();
    }

    /**
     * Go's os.MkdirAll on a client path, with its PathError text ({@code mkdir <path>: <errno>}):
     * an existing non-directory fails, else the parent is made first and then the path.
     */
    private void mkdirAll(String path) throws IOException {
        Path inside = sandbox.resolve(path);
        if (Files.isDirectory(inside)) {
            return;
        }
        // stat("file/") fails in Go, so a trailing slash sends an existing file to the slow path.
        if (Files.exists(inside) && !path.endsWith("/")) {
            throw new IOException("mkdir " + path + ": not a directory");
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        int parentEnd = path.lastIndexOf('/', end - 1);
        if (parentEnd > 0) {
            mkdirAll(path.substring(0, parentEnd));
        }
        try {
            Files.createDirectory(inside);
        } catch (IOException e) {
            if (!Files.isDirectory(inside, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("mkdir " + path + ": " + errno(e));
            }
        }
    }

    /** The text of Go's syscall.Errno for what the JDK reports. */
    private static String errno(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            // strerror's text, which Go's table has in lower case ("Not a directory").
            String reason = failure.getReason();
            return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        return "input/output error";
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A task whose steps report I/O errors on the client's paths. */
    private TaskDefinition.Builder<Params> task(String name, String structName) {
        return TaskDefinition.<Params>task(name, structName).allFlags();
    }

    private TaskDefinition.Step<Params> inSandbox(TaskDefinition.Step<Params> step) {
        return run -> runInSandbox(step, run);
    }

    /**
     * The JDK names the real file in its I/O errors; the client, whose log shows the message,
     * sees its own path instead, as if the sandbox were the root.
     */
    private void runInSandbox(TaskDefinition.Step<Params> step, TaskRun<Params> run) throws Exception {
        try {
            step.run(run);
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            String root = sandbox.root().toString();
            throw new IOException(String.valueOf(cause.getMessage()).replace(root + "/", "/").replace(root, "/"),
                    cause);
        }
    }
}
