-- obshell's local task tables (dag-engine.md §7). Times are Unix epoch nanoseconds; 0 is
-- obshell's ZERO_TIME (time.Unix(0,0)). Each table has its own id sequence, never reused.
CREATE TABLE dag_instance (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    stage          INTEGER NOT NULL,
    max_stage      INTEGER NOT NULL,
    state          INTEGER NOT NULL,
    operator       INTEGER NOT NULL,
    is_maintenance INTEGER NOT NULL,
    is_finished    INTEGER NOT NULL DEFAULT 0,
    context        TEXT    NOT NULL,
    start_time     INTEGER NOT NULL,
    end_time       INTEGER NOT NULL,
    gmt_create     INTEGER NOT NULL,
    gmt_modify     INTEGER NOT NULL
);
CREATE INDEX idx_dag_unfinished ON dag_instance(is_finished);

CREATE TABLE node_instance (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dag_id      INTEGER NOT NULL REFERENCES dag_instance(id),
    dag_stage   INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    struct_name TEXT    NOT NULL,
    state       INTEGER NOT NULL,
    operator    INTEGER NOT NULL,
    context     TEXT    NOT NULL,
    start_time  INTEGER NOT NULL,
    end_time    INTEGER NOT NULL,
    gmt_create  INTEGER NOT NULL,
    gmt_modify  INTEGER NOT NULL
);
CREATE INDEX idx_dag_stage ON node_instance(dag_id, dag_stage);

CREATE TABLE subtask_instance (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    node_id       INTEGER NOT NULL REFERENCES node_instance(id),
    name          TEXT    NOT NULL,
    struct_name   TEXT    NOT NULL,
    execute_times INTEGER NOT NULL,
    can_cancel    INTEGER NOT NULL,
    can_continue  INTEGER NOT NULL,
    can_pass      INTEGER NOT NULL,
    can_retry     INTEGER NOT NULL,
    can_rollback  INTEGER NOT NULL,
    context       TEXT    NOT NULL,
    state         INTEGER NOT NULL,
    operator      INTEGER NOT NULL,
    start_time    INTEGER NOT NULL,
    end_time      INTEGER NOT NULL,
    gmt_create    INTEGER NOT NULL,
    gmt_modify    INTEGER NOT NULL
);
CREATE INDEX idx_subtask_node ON subtask_instance(node_id);

CREATE TABLE sub_task_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    sub_task_id   INTEGER NOT NULL REFERENCES subtask_instance(id),
    execute_times INTEGER NOT NULL,
    log_content   TEXT    NOT NULL,
    is_sync       INTEGER NOT NULL,
    create_time   INTEGER NOT NULL,
    update_time   INTEGER NOT NULL
);
CREATE INDEX idx_log_subtask ON sub_task_log(sub_task_id);
