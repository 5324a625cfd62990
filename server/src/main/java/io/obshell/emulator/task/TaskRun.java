package io.obshell.emulator.task;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What a running task sees: the DAG's typed params, the data tasks pass forward, its log, and
 * whether it is resuming after an agent restart.
 *
 * @param <P> the DAG's params record
 */
public final class TaskRun<P extends DagParams> {

    private final P params;
    private final Map<String, Object> data;
    private final boolean continuing;
    private final Consumer<String> log;

    TaskRun(P params, Map<String, Object> data, boolean continuing, Consumer<String> log) {
        this.params = params;
        this.data = data;
        this.continuing = continuing;
        this.log = log;
    }

    public P params() {
        return params;
    }

    public Object data(String name) {
        return data.get(name);
    }

    public void data(String name, Object value) {
        data.put(name, value);
    }

    /** True when the agent restarted while this task was RUNNING and it is being run again. */
    public boolean continuing() {
        return continuing;
    }

    /**
     * Appends a line to the sub_task's log. The runner commits the lines with the task's result,
     * in the same transaction: a client sees them when it sees the task finish.
     */
    public void log(String line) {
        log.accept(line);
    }
}
