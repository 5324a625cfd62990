package io.obshell.emulator.client;

import java.util.List;

/**
 * A DAG as the control plane lists it ({@code GET /__emulator/dags}). {@code id} is obshell's
 * generic ID, usable with the task routes ({@code /api/v1/task/dag/{id}}); {@code state} and
 * {@code operator} are obshell's names ({@code RUNNING}, {@code FAILED}, {@code SUCCEED}...;
 * {@code RUN}, {@code RETRY}, {@code ROLLBACK}, {@code CANCEL}, {@code PASS}); times are ISO-8601.
 */
public record Dag(String id, long dagId, String name, String state, String operator, int stage, int maxStage,
        boolean maintenance, String startTime, String endTime, long durationMs, List<Stage> stages) {

    /** One task of the DAG, in stage order (1 first). */
    public record Stage(int stage, String name, String state, String operator) {
    }
}
