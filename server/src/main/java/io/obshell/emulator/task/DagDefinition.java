package io.obshell.emulator.task;

import java.util.List;
import java.util.Objects;

/**
 * One kind of DAG, as obshell's DAG templates describe it: its name, its maintenance type and
 * its tasks in stage order, plus the record its params are read into. A DAG is one subclass, a
 * Spring bean in its feature package; {@link DagCatalog} finds it at start-up.
 *
 * @param <P> the typed params record
 */
public abstract class DagDefinition<P extends DagParams> {

    /** The DAG type that gives obproxy task IDs ({@code 4…}/{@code 5…}). */
    public static final String OBPROXY_TYPE = "obproxy";

    private final String name;
    private final MaintenanceType maintenanceType;
    private final Class<P> paramsType;
    private volatile List<TaskDefinition<P>> tasks;

    protected DagDefinition(String name, MaintenanceType maintenanceType, Class<P> paramsType) {
        this.name = Objects.requireNonNull(name, "name");
        this.maintenanceType = Objects.requireNonNull(maintenanceType, "maintenanceType");
        this.paramsType = Objects.requireNonNull(paramsType, "paramsType");
    }

    /** The tasks in stage order; called once. */
    protected abstract List<TaskDefinition<P>> defineTasks();

    public final String name() {
        return name;
    }

    public final MaintenanceType maintenanceType() {
        return maintenanceType;
    }

    public final Class<P> paramsType() {
        return paramsType;
    }

    /** The DAG's {@code type} column: every DAG of this agent is an obproxy DAG. */
    public String type() {
        return OBPROXY_TYPE;
    }

    public final List<TaskDefinition<P>> tasks() {
        List<TaskDefinition<P>> defined = tasks;
        if (defined == null) {
            defined = List.copyOf(defineTasks());
            tasks = defined;
        }
        return defined;
    }

    /** The task at a 1-based stage. */
    public final TaskDefinition<P> taskAt(int stage) {
        return tasks().get(stage - 1);
    }

    @Override
    public String toString() {
        return "DAG '" + name + "'";
    }
}
