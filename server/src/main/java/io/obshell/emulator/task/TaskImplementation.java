package io.obshell.emulator.task;

/**
 * The work behind one kind of sub_task, found by obshell's Go struct name. Throw an
 * {@link io.obshell.emulator.api.ApiException} to fail with obshell's errCode and message; any
 * other exception fails as Common.Unexpected.
 */
public interface TaskImplementation {

    String structName();

    void execute(TaskRun run) throws Exception;

    /** Undoes {@link #execute}; obshell's base task does nothing. */
    default void rollback(TaskRun run) throws Exception {
    }
}
