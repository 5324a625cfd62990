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
import java.util.stream.Stream;

import io.obshell.emulator.Sandbox;
import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.pkg.ObVersion;
import io.obshell.emulator.pkg.ObproxyRpm;
import io.obshell.emulator.task.TaskImplementation;
import io.obshell.emulator.task.TaskRun;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

/**
 * The ten tasks of "Upgrade obproxy" (dag-engine.md §5.2): small, real work in the sandbox
 * with obshell's log lines, and rollbacks that put the sandbox and the ODP model back.
 */
@Configuration(proxyBeanMethods = false)
class UpgradeTasks {

    static final String DIR = "upgradeDir";
    static final String RPM_PATH = "obproxyRpmPkgPath";
    /** obshell's WAIT_OBPROXY_CONNECTED_MAX_TIMES: version checks after the hot restart (10 s apart there). */
    private static final int VERSION_CHECK_ATTEMPTS = 100;

    private final Sandbox sandbox;
    private final ManagedObproxy obproxy;
    private final UpgradePackages packages;
    private final AgentIdentity agent;
    private final ObproxySql sql;

    UpgradeTasks(Sandbox sandbox, ManagedObproxy obproxy, UpgradePackages packages, AgentIdentity agent,
            ObproxySql sql) {
        this.sql = sql;
        this.sandbox = sandbox;
        this.obproxy = obproxy;
        this.packages = packages;
        this.agent = agent;
    }

    @Bean
    TaskImplementation createUpgradeDir() {
        return task("CreateObproxyUpgradeDirTask", run -> {
            String dir = run.param(DIR);
            run.log("Upgrade dir is " + dir);
            run.data("createUpgradeDirFlag", false);
            run.log("Mkdir " + dir + " ");
            mkdirAll(dir);
            if (!isEmpty(sandbox.resolve(dir))) {
                throw ApiException.handler(ErrorCode.COMMON_DIR_NOT_EMPTY, dir);
            }
            run.data("createUpgradeDirFlag", true);
        }, run -> {
            run.log("Rolling back...");
            if (run.data("createUpgradeDirFlag") != null) {
                // obshell's rollback instance has no dir: it logs "Remove " and deletes nothing.
                run.log("Remove ");
            }
        });
    }

    @Bean
    TaskImplementation downloadPackage() {
        return task("GetObproxyPkgTask", run -> {
            continueFromScratch(run, this::removeDownloads);
            String dir = run.param(DIR);
            run.log("The directory for this upgrade check task is " + dir);
            mkdirAll(dir);
            run.log("Confirm that all the required packages have been uploaded.");
            UpgradePackages.Sizes sizes = packages.find(run.param("version"), run.param("buildNumber"),
                    run.param("distribution"), agent.architecture());
            if (sizes == null) {
                // The lookup's gorm error, returned as is: a plain Go error.
                throw new IOException(UpgradePackages.RECORD_NOT_FOUND);
            }
            run.log("Check the remaining disk space.");
            run.log("The directory being checked is " + dir);
            long required = sizes.size() + sizes.payloadSize();
            // system.GetDiskInfo(upgradeDir).FreeSizeBytes is statfs's Bfree*Bsize: blocks
            // reserved for root count as free, as they do in getUnallocatedSpace.
            long remaining = Files.getFileStore(sandbox.resolve(dir)).getUnallocatedSpace();
            run.log("The required disk size is " + required);
            run.log("The remaining disk size is " + remaining);
            if (remaining < required) {
                throw ApiException.handler(ErrorCode.ENVIRONMENT_DISK_SPACE_NOT_ENOUGH, remaining, required);
            }
            run.log("Download all packages to " + dir);
            String rpmPath = rpmPathIn(run);
            Path target = sandbox.resolve(rpmPath);
            Files.createDirectories(target.getParent());
            packages.writeRpm(run.param("version"), run.param("buildNumber"), run.param("distribution"),
                    agent.architecture(), target);
            run.data(RPM_PATH, rpmPath);
            run.log("Downloaded pkg '" + ObproxyUpgrades.PACKAGE_NAME + "' to '" + rpmPath + "'");
        }, this::removeDownloads);
    }

    @Bean
    TaskImplementation checkPackage() {
        return task("CheckObproxyPkgTask", run -> {
            ObproxyRpm.check(sandbox.resolve(rpmPath(run)));
            run.log("obproxy-ce package is checked successfully.");
        }, run -> {
        });
    }

    @Bean
    TaskImplementation backup() {
        return task("BackupObproxyForUpgradeTask", run -> {
            continueFromScratch(run, this::removeBackup);
            String backupDir = backupDir(run);
            run.log("Backup important files.");
            run.log("The directory for backup is " + backupDir);
            // obshell names its own bin directory here (path.BinDir()) and copies the ODP's.
            run.log("Backup the bin directory " + goJoin(agent.homePath(), "bin"));
            FileSystemUtils.copyRecursively(obproxy.home().resolve("bin"), sandbox.resolve(backupDir));
        }, this::removeBackup);
    }

    @Bean
    TaskImplementation reinstallBinary() {
        return task("ReinstallObproxyBinTask", run -> {
            String rpmPath = rpmPath(run);
            ObproxyRpm.installBinary(sandbox.resolve(rpmPath), obproxy.home().resolve("bin/obproxy"));
            run.log("Successfully installed " + rpmPath);
        }, run -> {
            run.log("uninstall new obproxy");
            Path binary = obproxy.home().resolve("bin/obproxy");
            Files.deleteIfExists(binary);
            String saved = backupDir(run) + "/obproxy";
            if (!Files.isRegularFile(sandbox.resolve(saved))) {
                // system.CopyFile's os.Open, when the backup node was passed.
                throw new IOException("open " + saved + ": no such file or directory");
            }
            Files.copy(sandbox.resolve(saved), binary, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    /**
     * From 4.1.0.0 on, a missing {@code proxyconfig_v1.db} is copied from {@code proxyconfig.db}
     * with system.CopyFile, which fails on a missing source with os.Open's text. obshell's
     * rollback repeats the copy; here it undoes a copy this task made, and fails as obshell's
     * would when there was nothing to copy.
     */
    @Bean
    TaskImplementation copyConfigDb() {
        return task("CopyConfigDbFileTask", run -> {
            if (ObVersion.compare(run.param("version"), "4.1.0.0") >= 0 && !Files.exists(configDb(NEW_CONFIG_DB))) {
                copyOldConfigDb();
                run.data("copiedConfigDb", true);
            }
        }, run -> {
            if (Boolean.TRUE.equals(run.data("copiedConfigDb"))) {
                Files.deleteIfExists(configDb(NEW_CONFIG_DB));
                run.data("copiedConfigDb", false);
            } else if (ObVersion.compare(run.param("version"), "4.1.0.0") >= 0
                    && !Files.exists(configDb(NEW_CONFIG_DB)) && !Files.exists(configDb(OLD_CONFIG_DB))) {
                copyOldConfigDb();
            }
        });
    }

    private static final String OLD_CONFIG_DB = "proxyconfig.db";
    private static final String NEW_CONFIG_DB = "proxyconfig_v1.db";

    private Path configDb(String name) {
        return obproxy.home().resolve("etc").resolve(name);
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

    @Bean
    TaskImplementation recordInfo() {
        return task("RecordObproxyInfoTask", run -> {
            Obproxy current = obproxy.get();
            sql.queryInTask(current.sqlPort(), "get hot_upgrade_rollback_timeout failed");
            run.data("oldObproxyPid", current.pid());
            run.data("oldObproxyVersion", current.version());
            run.data("hotUpgradeRollbackTimeout", "100s");
        }, run -> {
        });
    }

    @Bean
    TaskImplementation hotRestart() {
        return task("HotRestartObproxyTask", run -> {
            run.log("set proxy_local_cmd to 2");
            Obproxy current = obproxy.get();
            sql.queryInTask(current.sqlPort(), null);
            obproxy.save(current.withVersionAndPid(run.param("version") + "-" + run.param("buildNumber"),
                    ManagedObproxy.newPid()));
        }, run -> {
            // The emulated ODP goes back to the process and version it had before the upgrade.
            Object oldVersion = run.data("oldObproxyVersion");
            Object oldPid = run.data("oldObproxyPid");
            if (oldVersion != null && oldPid != null) {
                obproxy.save(obproxy.get().withVersionAndPid(oldVersion.toString(),
                        ((Number) oldPid).longValue()));
            }
        });
    }

    @Bean
    TaskImplementation waitHotRestart() {
        return task("WaitHotRestartObproxyFinishTask", run -> {
            run.log("obproxy " + obproxy.get().pid() + " is running");
            String version = run.param("version");
            String target = version + "-" + run.param("buildNumber");
            String mismatch = null;
            for (int attempt = 1; attempt <= VERSION_CHECK_ATTEMPTS; attempt++) {
                run.log("retry " + attempt + " times");
                Obproxy current = obproxy.get();
                if (target.equals(current.version())) {
                    obproxy.save(current);
                    return;
                }
                // obshell names the target without its build number here.
                mismatch = "obproxy version is not the target version, current version: " + current.version()
                        + ", target version: " + version;
                run.log(mismatch);
            }
            // checkVersion's WrapRetain and Execute's WrapOverride each prefix the timeout message.
            String timeout = ErrorCode.OBPROXY_HOT_RESTART_TIMEOUT.message();
            throw new ApiException(ErrorCode.OBPROXY_HOT_RESTART_TIMEOUT,
                    timeout + ": " + timeout + ": " + ErrorCode.COMMON_UNEXPECTED.message(mismatch),
                    ApiException.Stage.HANDLER);
        }, run -> {
        });
    }

    @Bean
    TaskImplementation removeUpgradeDir() {
        return task("RemoveUpgradeObproxyDirTask", run -> {
            run.log("remove upgrade dir");
            FileSystemUtils.deleteRecursively(sandbox.resolve(run.param(DIR)));
            run.log("remove upgrade check dir finished");
        }, run -> {
        });
    }

    private void removeDownloads(TaskRun run) throws IOException {
        run.log("Rolling back...");
        run.log("Delete all previously downloaded packages.");
        FileSystemUtils.deleteRecursively(sandbox.resolve(run.param(DIR)));
        run.log("Successfully deleted.");
    }

    private void removeBackup(TaskRun run) throws IOException {
        String backupDir = backupDir(run);
        run.log("Rolling back...");
        run.log("Delete " + backupDir);
        FileSystemUtils.deleteRecursively(sandbox.resolve(backupDir));
        run.log("Successfully deleted");
    }

    /** Tasks 2 and 4, resumed after a restart, first undo their half-done work. */
    private static void continueFromScratch(TaskRun run, Step rollback) throws Exception {
        if (run.continuing()) {
            run.log("The task is continuing.");
            rollback.run(run);
        }
    }

    private String rpmPath(TaskRun run) {
        Object path = run.data(RPM_PATH);
        return path != null ? path.toString() : rpmPathIn(run);
    }

    /**
     * {@code filepath.Join(upgradeDir, arch, version) + "/obproxy-ce.rpm"}: unlike the upgradeDir
     * param itself, the joined path is cleaned ({@code //} collapsed, {@code ..} resolved).
     */
    private String rpmPathIn(TaskRun run) {
        return goJoin(run.param(DIR), agent.architecture(), run.param("version")) + "/"
                + ObproxyUpgrades.PACKAGE_NAME + ".rpm";
    }

    /** {@code filepath.Join(upgradeDir, "backup")}, cleaned like the rpm path. */
    private static String backupDir(TaskRun run) {
        return goJoin(run.param(DIR), "backup");
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

    @FunctionalInterface
    interface Step {
        void run(TaskRun run) throws Exception;
    }

    private TaskImplementation task(String structName, Step execute, Step rollback) {
        return new TaskImplementation() {
            @Override
            public String structName() {
                return structName;
            }

            @Override
            public void execute(TaskRun run) throws Exception {
                runInSandbox(execute, run);
            }

            @Override
            public void rollback(TaskRun run) throws Exception {
                runInSandbox(rollback, run);
            }
        };
    }

    /**
     * The JDK names the real file in its I/O errors; the client, whose log shows the message,
     * sees its own path instead, as if the sandbox were the root.
     */
    private void runInSandbox(Step step, TaskRun run) throws Exception {
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
