package io.obshell.emulator.obproxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.obshell.emulator.Sandbox;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.task.TaskDefinition;
import io.obshell.emulator.task.TaskFlag;
import io.obshell.emulator.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * The tasks several obproxy DAGs share, as obshell's executor/obproxy/add.go and stop.go
 * define them: "Check obproxy status", "Start obproxy" and "Stop obproxy". Each DAG takes them
 * with its own params record and node context (expectObproxyAgent, startWithOptions).
 */
@Component
class ObproxyTasks {

    static final String CHECK_STATUS = "Check obproxy status";
    static final String START = "Start obproxy";
    static final String STOP = "Stop obproxy";

    /** obshell's WAIT_OBPROXY_CONNECTED_MAX_TIMES: health checks of a starting ODP (10 s apart there). */
    private static final int HEALTH_CHECK_ATTEMPTS = 100;
    /** obshell's STOP_PROCESS_MAX_RETRY_TIME: kill rounds (5 s apart there). */
    private static final int KILL_ROUNDS = 15;

    private final ManagedObproxy obproxy;
    private final Sandbox sandbox;

    ObproxyTasks(ManagedObproxy obproxy, Sandbox sandbox) {
        this.obproxy = obproxy;
        this.sandbox = sandbox;
    }

    /**
     * PrepareForAddObproxyTask: the agent must (or, for an add, must not) manage an ODP; an add
     * makes {@code <home>/run}. A failure here gives the maintenance lock back.
     */
    <P extends HomeParams> TaskDefinition<P> checkStatus(boolean expectObproxyAgent) {
        return TaskDefinition.<P>task(CHECK_STATUS, "PrepareForAddObproxyTask")
                .flags(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.CANCEL, TaskFlag.PASS)
                .failureExitMaintenance()
                .execute(run -> {
                    boolean managed = obproxy.get().managed();
                    if (expectObproxyAgent && !managed) {
                        throw ApiException.handler(ErrorCode.OBPROXY_NOT_BE_MANAGED);
                    }
                    if (!expectObproxyAgent) {
                        if (managed) {
                            throw ApiException.handler(ErrorCode.OBPROXY_ALREADY_MANAGED);
                        }
                        String runPath = Path.of(run.params().homePath(), "run").normalize().toString();
                        try {
                            Files.createDirectories(sandbox.resolve(runPath));
                        } catch (IOException e) {
                            throw new IOException("create obproxy run path failed: mkdir " + runPath + ": "
                                    + (Files.exists(sandbox.resolve(runPath)) ? "not a directory"
                                    : "permission denied"), e);
                        }
                    }
                })
                .failsWith(expectObproxyAgent ? ErrorCode.OBPROXY_NOT_BE_MANAGED : ErrorCode.OBPROXY_ALREADY_MANAGED)
                .build();
    }

    /** How a "Start obproxy" node starts the ODP: its home, and the options it passes, if any. */
    interface StartCommand<P extends HomeParams> {

        /** The shell command obshell logs; throws for an option key it refuses. */
        String command(P params);

        /** The SQL port the started ODP listens on. */
        int sqlPort(P params);

        /** The version of the binary that runs; null: as the model has it. */
        String version(P params);
    }

    /**
     * StartObproxyTask: runs the binary, checks the ODP answers, records its SQL port and
     * writes the pid file. The emulated process starts at once and answers the first check.
     */
    <P extends HomeParams> TaskDefinition<P> start(StartCommand<P> command) {
        return TaskDefinition.<P>task(START, "StartObproxyTask").allFlags()
                .execute(run -> {
                    P params = run.params();
                    String cmd = command.command(params);
                    run.log("start obproxy cmd: " + cmd);
                    String home = params.homePath();
                    if (!Files.isRegularFile(sandbox.resolve(home).resolve("bin/obproxy"))) {
                        throw new IOException("failed to start obproxy, output: /bin/bash: line 1: ./bin/obproxy: "
                                + "No such file or directory\n: exit status 127");
                    }
                    run.log("start obproxy health check");
                    Obproxy current = obproxy.get();
                    // A second obproxy on a taken port exits; the health check then finds the old one.
                    long pid = current.running() && current.pid() > 0 ? current.pid() : ManagedObproxy.newPid();
                    String version = command.version(params);
                    obproxy.saveKeepingPidFile(new Obproxy(current.managed(), true,
                            version != null ? version : current.version(), current.homePath(),
                            command.sqlPort(params), pid));
                    obproxy.writePid(home, pid);
                    leaveRunTraces(sandbox.resolve(home));
                })
                .beforeFailure(run -> {
                    // The health check that never passes: the process is up but does not answer.
                    run.log("start obproxy cmd: " + command.command(run.params()));
                    run.log("start obproxy health check");
                    for (int attempt = 1; attempt <= HEALTH_CHECK_ATTEMPTS; attempt++) {
                        run.log("WARN: obproxy health check failed(retry " + attempt + "): invalid connection");
                    }
                })
                .failsWithMessage(ErrorCode.OBPROXY_HEALTH_CHECK_TIMEOUT,
                        "obproxy start failed: " + ErrorCode.OBPROXY_HEALTH_CHECK_TIMEOUT.message())
                .build();
    }

    /**
     * StopObproxyTask: {@code kill -9} the process in the pid file until it is gone. The pid
     * file stays, as in obshell; the process is gone after the first kill.
     */
    <P extends HomeParams> TaskDefinition<P> stop() {
        return TaskDefinition.<P>task(STOP, "StopObproxyTask").allFlags()
                .execute(run -> {
                    long pid = alivePid(run);
                    run.log("Get obproxy pid: " + (pid == 0 ? "" : Long.toString(pid)));
                    if (pid == 0) {
                        run.log("Obproxy is not running");
                        return;
                    }
                    run.log("Kill obproxy process " + pid);
                    run.log("Check obproxy process");
                    Obproxy current = obproxy.get();
                    obproxy.saveKeepingPidFile(new Obproxy(current.managed(), false, current.version(),
                            current.homePath(), current.sqlPort(), 0));
                    run.log("Successfully killed the obproxy process");
                })
                .beforeFailure(run -> {
                    // A kill that never takes: every round finds the process still there.
                    long pid = obproxy.pidFileValue(run.params().homePath());
                    run.log("Get obproxy pid: " + (pid == 0 ? "" : Long.toString(pid)));
                    for (int round = 0; round < KILL_ROUNDS; round++) {
                        run.log("Kill obproxy process " + pid);
                        run.log("Check obproxy process");
                    }
                })
                .failsWith(ErrorCode.OBPROXY_STOP_TIMEOUT)
                .build();
    }

    /**
     * What a running obproxy writes into its home: its config db in {@code etc/} (which the
     * upgrade's config-db copy then finds) and {@code log/}.
     */
    private static void leaveRunTraces(Path home) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("log"));
        Path configDb = home.resolve("etc/proxyconfig.db");
        if (!Files.exists(configDb)) {
            Files.writeString(configDb, "proxyconfig\n");
        }
    }

    /** The pid in the home's pid file if that process runs, else 0 (obshell's GetObproxyPid). */
    private <P extends HomeParams> long alivePid(TaskRun<P> run) throws IOException {
        long pid = obproxy.pidFileValue(run.params().homePath());
        Obproxy current = obproxy.get();
        return pid != 0 && current.running() && current.pid() == pid ? pid : 0;
    }

    /** Go's utils.ShellQuote. */
    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
