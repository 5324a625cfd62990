package io.obshell.emulator.obproxy;

import java.nio.file.Path;
import java.util.List;

import io.obshell.emulator.Sandbox;
import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.MaintenanceType;
import io.obshell.emulator.task.TaskDefinition;
import io.obshell.emulator.task.TaskFlag;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * "Delete obproxy" (executor/obproxy/delete.go): stops the ODP, forgets it, and removes what
 * it ran from. Uploaded packages stay.
 */
@Component
@Order(4)
public class DeleteObproxyDag extends DagDefinition<DeleteObproxyDag.Params> {

    public static final String NAME = "Delete obproxy";
    public static final String DELETE_INFO = "Delete obproxy";
    public static final String CLEAN_DIR = "Clean obproxy dir";

    /** What CleanObproxyDirTask removes from the home. */
    private static final List<String> CLEANED = List.of("etc", "log", "run", "bin", "lib");

    /** The managed home when the DAG was created. */
    public record Params(String homePath) implements HomeParams {
    }

    private final ObproxyTasks tasks;
    private final ManagedObproxy obproxy;
    private final Sandbox sandbox;

    DeleteObproxyDag(ObproxyTasks tasks, ManagedObproxy obproxy, Sandbox sandbox) {
        super(NAME, MaintenanceType.OBPROXY, Params.class);
        this.tasks = tasks;
        this.obproxy = obproxy;
        this.sandbox = sandbox;
    }

    @Override
    protected List<TaskDefinition<Params>> defineTasks() {
        return List.of(tasks.checkStatus(true), tasks.stop(), deleteInfo(), cleanDir());
    }

    /** DeleteObproxyTask: the agent's obproxy_info goes; from here on it manages no ODP. */
    private TaskDefinition<Params> deleteInfo() {
        return TaskDefinition.<Params>task(DELETE_INFO, "DeleteObproxyTask")
                .flags(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.CANCEL, TaskFlag.PASS)
                .execute(run -> {
                    Obproxy current = obproxy.get();
                    obproxy.saveKeepingPidFile(new Obproxy(false, current.running(), current.version(),
                            current.homePath(), 0, current.pid()));
                }).build();
    }

    /** CleanObproxyDirTask: {@code rm -rf <home>/{etc,log,run,bin,lib}}. */
    private TaskDefinition<Params> cleanDir() {
        return TaskDefinition.<Params>task(CLEAN_DIR, "CleanObproxyDirTask")
                .flags(TaskFlag.CONTINUE, TaskFlag.RETRY, TaskFlag.CANCEL, TaskFlag.PASS)
                .execute(run -> {
                    String home = run.params().homePath();
                    if (home.isEmpty()) {
                        return;
                    }
                    for (String dir : CLEANED) {
                        FileSystemUtils.deleteRecursively(sandbox.resolve(Path.of(home, dir).toString()));
                    }
                }).build();
    }
}
