package io.obshell.emulator.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.obshell.emulator.Resettable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SQL for the task tables. Every write happens inside the caller's transaction. A plain
 * component, not a {@code @Repository}: JdbcClient already translates SQL exceptions, and the
 * translating proxy cost a reflective call on each of the runner's statements.
 */
@Component
class TaskStore implements Resettable {

    private static final RowMapper<Dag> DAG = (rs, n) -> new Dag(rs.getLong("id"), rs.getString("name"),
            rs.getString("type"), rs.getInt("stage"), rs.getInt("max_stage"), TaskState.of(rs.getInt("state")),
            TaskOperator.of(rs.getInt("operator")), rs.getBoolean("is_maintenance"), rs.getBoolean("is_finished"),
            rs.getString("context"), rs.getLong("start_time"), rs.getLong("end_time"));

    private static final RowMapper<Node> NODE = (rs, n) -> new Node(rs.getLong("id"), rs.getLong("dag_id"),
            rs.getInt("dag_stage"), rs.getString("name"), rs.getString("struct_name"),
            TaskState.of(rs.getInt("state")), TaskOperator.of(rs.getInt("operator")), rs.getLong("start_time"),
            rs.getLong("end_time"));

    private static final RowMapper<SubTask> SUB_TASK = TaskStore::subTask;

    private static final RowMapper<TaskLog> LOG = (rs, n) -> new TaskLog(rs.getLong("id"), rs.getLong("sub_task_id"),
            rs.getInt("execute_times"), rs.getString("log_content"), rs.getBoolean("is_sync"),
            rs.getLong("create_time"), rs.getLong("update_time"));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    TaskStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * The DAG READY/RUN at stage 1, its PENDING/RUN nodes and their sub_tasks (one a node), in
     * three statements: the nodes and the sub_tasks each in one multi-row INSERT, whose rows
     * SQLite inserts in order, so IDs ascend with the stage as one insert a row gives them.
     */
    Dag insertDag(DagDefinition<?> definition, String context, long now) {
        List<? extends TaskDefinition<?>> tasks = definition.tasks();
        boolean maintenance = definition.maintenanceType().takesLock();
        long dagId = jdbc.sql("INSERT INTO dag_instance(name, type, stage, max_stage, state, operator, is_maintenance, "
                        + "is_finished, context, start_time, end_time, gmt_create, gmt_modify) "
                        + "VALUES (?, ?, 1, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING id")
                .params(definition.name(), definition.type(), tasks.size(), TaskState.READY.code,
                        TaskOperator.RUN.code, maintenance, context, now, now, now, now)
                .query(Long.class).single();

        List<Object> nodeParams = new ArrayList<>();
        for (int stage = 1; stage <= tasks.size(); stage++) {
            TaskDefinition<?> task = tasks.get(stage - 1);
            nodeParams.addAll(List.of(dagId, stage, task.name(), task.structName(), TaskState.PENDING.code,
                    TaskOperator.RUN.code, now, now, now, now));
        }
        Map<Integer, Long> nodeIds = new HashMap<>();
        jdbc.sql("INSERT INTO node_instance(dag_id, dag_stage, name, struct_name, state, operator, context, "
                        + "start_time, end_time, gmt_create, gmt_modify) VALUES "
                        + rows("(?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)", tasks.size()) + " RETURNING id, dag_stage")
                .params(nodeParams)
                .query((rs, n) -> nodeIds.put(rs.getInt("dag_stage"), rs.getLong("id"))).list();

        List<Object> subTaskParams = new ArrayList<>();
        for (int stage = 1; stage <= tasks.size(); stage++) {
            TaskDefinition<?> task = tasks.get(stage - 1);
            subTaskParams.addAll(List.of(nodeIds.get(stage), task.name(), task.structName(), task.canCancel(),
                    task.canContinue(), task.canPass(), task.canRetry(), task.canRollback(), TaskState.PENDING.code,
                    TaskOperator.RUN.code, now, now, now, now));
        }
        jdbc.sql("INSERT INTO subtask_instance(node_id, name, struct_name, execute_times, can_cancel, can_continue, "
                        + "can_pass, can_retry, can_rollback, context, state, operator, start_time, end_time, "
                        + "gmt_create, gmt_modify) VALUES "
                        + rows("(?, ?, ?, 0, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?)", tasks.size()))
                .params(subTaskParams)
                .update();
        return new Dag(dagId, definition.name(), definition.type(), 1, tasks.size(), TaskState.READY,
                TaskOperator.RUN, maintenance, false, context, now, now);
    }

    private static String rows(String row, int count) {
        return String.join(", ", Collections.nCopies(count, row));
    }

    Optional<Dag> dag(long id) {
        return jdbc.sql("SELECT * FROM dag_instance WHERE id = ?").param(id).query(DAG).optional();
    }

    Optional<Node> node(long id) {
        return jdbc.sql("SELECT * FROM node_instance WHERE id = ?").param(id).query(NODE).optional();
    }

    Optional<SubTask> subTask(long id) {
        return jdbc.sql("SELECT * FROM subtask_instance WHERE id = ?").param(id).query(SUB_TASK).optional();
    }

    List<Dag> dags() {
        return jdbc.sql("SELECT * FROM dag_instance ORDER BY id").query(DAG).list();
    }

    /** The newest {@code limit} DAGs, newest first. */
    List<Dag> newestDags(int limit) {
        return jdbc.sql("SELECT * FROM dag_instance ORDER BY id DESC LIMIT ?").param(limit).query(DAG).list();
    }

    int countDags() {
        return jdbc.sql("SELECT COUNT(*) FROM dag_instance").query(Integer.class).single();
    }

    List<Dag> unfinishedDags() {
        return jdbc.sql("SELECT * FROM dag_instance WHERE is_finished = 0 ORDER BY id").query(DAG).list();
    }

    Optional<Dag> lastMaintenanceDag() {
        return jdbc.sql("SELECT * FROM dag_instance WHERE is_maintenance = 1 ORDER BY id DESC LIMIT 1")
                .query(DAG).optional();
    }

    List<Node> nodes(long dagId) {
        return jdbc.sql("SELECT * FROM node_instance WHERE dag_id = ? ORDER BY dag_stage").param(dagId)
                .query(NODE).list();
    }

    List<SubTask> subTasks(long nodeId) {
        return jdbc.sql("SELECT * FROM subtask_instance WHERE node_id = ? ORDER BY id").param(nodeId)
                .query(SUB_TASK).list();
    }

    List<TaskLog> logs(long subTaskId) {
        return jdbc.sql("SELECT * FROM sub_task_log WHERE sub_task_id = ? ORDER BY id").param(subTaskId)
                .query(LOG).list();
    }

    Node nodeAt(long dagId, int stage) {
        return jdbc.sql("SELECT * FROM node_instance WHERE dag_id = ? AND dag_stage = ?").params(dagId, stage)
                .query(NODE).single();
    }

    /** Every sub_task of the DAG, in ID order. */
    List<SubTask> subTasksOfDag(long dagId) {
        return jdbc.sql("SELECT * FROM subtask_instance WHERE node_id IN (SELECT id FROM node_instance WHERE dag_id = ?) "
                + "ORDER BY id").param(dagId).query(SUB_TASK).list();
    }

    void updateDag(long id, TaskState state, TaskOperator operator, int stage, boolean finished, long startTime,
            long endTime, long now) {
        jdbc.sql("UPDATE dag_instance SET state = ?, operator = ?, stage = ?, is_finished = ?, start_time = ?, "
                        + "end_time = ?, gmt_modify = ? WHERE id = ?")
                .params(state.code, operator.code, stage, finished, startTime, endTime, now, id).update();
    }

    /**
     * The runner's writes: each applies only while the DAG row still has the state, operator and
     * stage the runner read (an operator may have changed them since), in the same statement as
     * that check; false when it did not apply.
     */
    private static final String WHILE_DAG_AS_READ =
            " AND EXISTS (SELECT 1 FROM dag_instance WHERE id = ? AND state = ? AND operator = ? AND stage = ?)";

    boolean updateDagIfAsRead(Dag read, Dag written, long now) {
        return jdbc.sql("UPDATE dag_instance SET state = ?, operator = ?, stage = ?, is_finished = ?, start_time = ?, "
                        + "end_time = ?, gmt_modify = ? WHERE id = ? AND state = ? AND operator = ? AND stage = ?")
                .params(written.state().code, written.operator().code, written.stage(), written.finished(),
                        written.startTime(), written.endTime(), now, read.id(), read.state().code,
                        read.operator().code, read.stage())
                .update() == 1;
    }

    boolean updateNodeIfAsRead(Dag read, Node written, long now) {
        return jdbc.sql("UPDATE node_instance SET state = ?, operator = ?, start_time = ?, end_time = ?, gmt_modify = ? "
                        + "WHERE id = ?" + WHILE_DAG_AS_READ)
                .params(written.state().code, written.operator().code, written.startTime(), written.endTime(), now,
                        written.id(), read.id(), read.state().code, read.operator().code, read.stage())
                .update() == 1;
    }

    boolean updateSubTaskIfAsRead(Dag read, SubTask written, long now) {
        return jdbc.sql("UPDATE subtask_instance SET state = ?, operator = ?, execute_times = ?, start_time = ?, "
                        + "end_time = ?, gmt_modify = ? WHERE id = ?" + WHILE_DAG_AS_READ)
                .params(written.state().code, written.operator().code, written.executeTimes(), written.startTime(),
                        written.endTime(), now, written.id(), read.id(), read.state().code, read.operator().code,
                        read.stage())
                .update() == 1;
    }

    void updateDagContext(long id, String context) {
        jdbc.sql("UPDATE dag_instance SET context = ? WHERE id = ?").params(context, id).update();
    }

    void updateNode(long id, TaskState state, TaskOperator operator, long startTime, long endTime, long now) {
        jdbc.sql("UPDATE node_instance SET state = ?, operator = ?, start_time = ?, end_time = ?, gmt_modify = ? "
                        + "WHERE id = ?")
                .params(state.code, operator.code, startTime, endTime, now, id).update();
    }

    void updateSubTask(long id, TaskState state, TaskOperator operator, int executeTimes, long startTime,
            long endTime, long now) {
        jdbc.sql("UPDATE subtask_instance SET state = ?, operator = ?, execute_times = ?, start_time = ?, "
                        + "end_time = ?, gmt_modify = ? WHERE id = ?")
                .params(state.code, operator.code, executeTimes, startTime, endTime, now, id).update();
    }

    /** The lines in order, through one prepared statement (inside the caller's transaction). */
    void insertLogs(long subTaskId, int executeTimes, List<String> lines, long now) {
        if (lines.isEmpty()) {
            return;
        }
        batch.batchUpdate("INSERT INTO sub_task_log(sub_task_id, execute_times, log_content, is_sync, create_time, "
                        + "update_time) VALUES (?, ?, ?, 1, ?, ?)", lines, lines.size(), (statement, line) -> {
                            statement.setLong(1, subTaskId);
                            statement.setInt(2, executeTimes);
                            statement.setString(3, line);
                            statement.setLong(4, now);
                            statement.setLong(5, now);
                        });
    }

    @Override
    public int resetOrder() {
        return TASKS;
    }

    @Override
    public void reset() {
        deleteAll();
    }

    /**
     * Everything, for an emulator reset. IDs go on from where they were (AUTOINCREMENT keeps its
     * sequence): a client holding an ID from before the reset gets "not found", never a new DAG.
     */
    void deleteAll() {
        jdbc.sql("DELETE FROM sub_task_log").update();
        jdbc.sql("DELETE FROM subtask_instance").update();
        jdbc.sql("DELETE FROM node_instance").update();
        jdbc.sql("DELETE FROM dag_instance").update();
    }

    private static SubTask subTask(ResultSet rs, int n) throws SQLException {
        return new SubTask(rs.getLong("id"), rs.getLong("node_id"), rs.getString("name"),
                rs.getString("struct_name"), rs.getInt("execute_times"), rs.getBoolean("can_cancel"),
                rs.getBoolean("can_continue"), rs.getBoolean("can_pass"), rs.getBoolean("can_retry"),
                rs.getBoolean("can_rollback"), rs.getString("context"), TaskState.of(rs.getInt("state")),
                TaskOperator.of(rs.getInt("operator")), rs.getLong("start_time"), rs.getLong("end_time"));
    }
}
