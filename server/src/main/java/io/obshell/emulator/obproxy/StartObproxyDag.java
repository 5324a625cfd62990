package io.obshell.emulator.obproxy;

import java.util.List;

import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.MaintenanceType;
import io.obshell.emulator.task.TaskDefinition;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * "Start obproxy" (executor/obproxy/start.go): starts the managed ODP with the options it
 * already has. It takes no maintenance lock, so it runs beside anything, and a failed one is
 * finished.
 */
@Component
@Order(2)
public class StartObproxyDag extends DagDefinition<StartObproxyDag.Params> {

    public static final String NAME = "Start obproxy";

    /** The managed home when the DAG was created, "" when there was none. */
    public record Params(String homePath) implements HomeParams {
    }

    private final ObproxyTasks tasks;
    private final ManagedObproxy obproxy;

    StartObproxyDag(ObproxyTasks tasks, ManagedObproxy obproxy) {
        super(NAME, MaintenanceType.NOT_UNDER_MAINTENANCE, Params.class);
        this.tasks = tasks;
        this.obproxy = obproxy;
    }

    @Override
    protected List<TaskDefinition<Params>> defineTasks() {
        return List.of(tasks.checkStatus(true), tasks.start(new ObproxyTasks.StartCommand<>() {
            @Override
            public String command(Params params) {
                return "cd " + ObproxyTasks.shellQuote(params.homePath()) + "; ./bin/obproxy";
            }

            @Override
            public int sqlPort(Params params) {
                return obproxy.get().sqlPort();
            }

            @Override
            public String version(Params params) {
                return null;
            }
        }));
    }
}
