package io.obshell.emulator.client;

/** What {@code POST /api/v1/task/dag/{id}} (and {@code POST /__emulator/dags/{id}/operator}) can do to a DAG. */
public enum DagOperator {
    RETRY, ROLLBACK, CANCEL, PASS
}
