package io.obshell.emulator.task;

import java.util.List;

/**
 * A linear DAG to instantiate: name, type ({@code obproxy} gives 4/5 IDs), whether it takes the
 * obproxy maintenance lock, and its single-task nodes in stage order.
 */
public record DagTemplate(String name, String type, boolean maintenance, List<TaskTemplate> tasks) {

    /** One node's task: its name, obshell's Go struct name, and its can_* flags (dag-engine.md §2.6). */
    public record TaskTemplate(String name, String structName, boolean canContinue, boolean canRetry,
            boolean canRollback, boolean canCancel, boolean canPass) {
    }
}
