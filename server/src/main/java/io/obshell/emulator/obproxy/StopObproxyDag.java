package io.obshell.emulator.obproxy;

import java.util.List;

import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.MaintenanceType;
import io.obshell.emulator.task.TaskDefinition;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** "Stop obproxy" (executor/obproxy/stop.go): kills the managed ODP's process. */
@Component
@Order(3)
public class StopObproxyDag extends DagDefinition<StopObproxyDag.Params> {

    public static final String NAME = "Stop obproxy";

    /** The managed home when the DAG was created. */
    public record Params(String homePath) implements HomeParams {
    }

    private final ObproxyTasks tasks;

    StopObproxyDag(ObproxyTasks tasks) {
        super(NAME, MaintenanceType.OBPROXY, Params.class);
        this.tasks = tasks;
    }

    @Override
    protected List<TaskDefinition<Params>> defineTasks() {
        return List.of(tasks.checkStatus(true), tasks.stop());
    }
}
