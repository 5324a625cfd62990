package io.obshell.emulator.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.obshell.emulator.Resettable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * SQL for the task tables. Every write happens inside the caller's transaction. A plain
 * component, not a {@code @Repository}: JdbcClient already translates SQL exceptions, and the
 * translating proxy cost a reflective call on each of the runner's statements.
 * <p>
 * The statements the runner makes at every step and a poller at every poll (a DAG by ID, the
 * guarded updates, a task's log lines) go straight through JDBC ({@link #update}, {@link #queryOne}),
 * each parameter set by its type: about sixty a DAG, where JdbcClient's layers (argument lists,
 * a type lookup per parameter, statement settings) are most of the Java that runs per statement
 * and are the code a fresh server must first interpret and compile. Same connection handling
 * (the caller's transaction, else one of the pool's) and the same exception translation.
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
    private final JdbcTemplate template;
    private final DataSource dataSource;

    TaskStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
        this.dataSource = template.getDataSource();
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** One statement on the caller's transaction's connection (else the pool's); the rows it changed. */
    private int update(String sql, Binder binder) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw translated(sql, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The first row the query finds, mapped, if any. */
    private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Binder binder) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(mapper.mapRow(rows, 0)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw translated(sql, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Every row the query returns, to {@code each}. */
    private void queryEach(String sql, RowCallbackHandler each, Binder binder) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    each.processRow(rows);
                }
            }
        } catch (SQLException e) {
            throw translated(sql, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private DataAccessException translated(String sql, SQLException e) {
        DataAccessException translated = template.getExceptionTranslator().translate("TaskStore", sql, e);
        return translated != null ? translated : new UncategorizedSQLException("TaskStore", sql, e);
    }

    /**
     * The DAG READY/RUN at stage 1, its PENDING/RUN nodes and their sub_tasks (one a node), in
     * three statements: the nodes and the sub_tasks each in one multi-row INSERT, whose rows
     * SQLite inserts in order, so IDs ascend with the stage as one insert a row gives them.
     */
    Dag insertDag(DagDefinition<?> definition, String context, long now) {
        List<? extends TaskDefinition<?>> tasks = definition.tasks();
        boolean maintenance = definition.maintenanceType().takesLock();
        String insertDag = "INSERT INTO dag_instance(name, type, stage, max_stage, state, operator, is_maintenance, "
                + "is_finished, context, start_time, end_time, gmt_create, gmt_modify) "
                + "VALUES (?, ?, 1, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING id";
        long dagId = queryOne(insertDag, (rs, n) -> rs.getLong(1), statement -> {
            statement.setString(1, definition.name());
            statement.setString(2, definition.type());
            statement.setInt(3, tasks.size());
            statement.setInt(4, TaskState.READY.code);
            statement.setInt(5, TaskOperator.RUN.code);
            statement.setBoolean(6, maintenance);
            statement.setString(7, context);
            for (int i = 8; i <= 11; i++) {
                statement.setLong(i, now);
            }
        }).orElseThrow(() -> new IllegalStateException("INSERT ... RETURNING gave no row"));

        String insertNodes = "INSERT INTO node_instance(dag_id, dag_stage, name, struct_name, state, operator, context, "
                + "start_time, end_time, gmt_create, gmt_modify) VALUES "
                + rows("(?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)", tasks.size()) + " RETURNING id, dag_stage";
        long[] nodeIds = new long[tasks.size() + 1];
        queryEach(insertNodes, rs -> nodeIds[rs.getInt(2)] = rs.getLong(1), statement -> {
            int p = 1;
            for (int stage = 1; stage <= tasks.size(); stage++) {
                TaskDefinition<?> task = tasks.get(stage - 1);
                statement.setLong(p++, dagId);
                statement.setInt(p++, stage);
                statement.setString(p++, task.name());
                statement.setString(p++, task.structName());
                statement.setInt(p++, TaskState.PENDING.code);
                statement.setInt(p++, TaskOperator.RUN.code);
                for (int i = 0; i < 4; i++) {
                    statement.setLong(p++, now);
                }
            }
        });

        update("INSERT INTO subtask_instance(node_id, name, struct_name, execute_times, can_cancel, can_continue, "
                + "can_pass, can_retry, can_rollback, context, state, operator, start_time, end_time, "
                + "gmt_create, gmt_modify) VALUES "
                + rows("(?, ?, ?, 0, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?)", tasks.size()), statement -> {
                    int p = 1;
                    for (int stage = 1; stage <= tasks.size(); stage++) {
                        TaskDefinition<?> task = tasks.get(stage - 1);
                        statement.setLong(p++, nodeIds[stage]);
                        statement.setString(p++, task.name());
                        statement.setString(p++, task.structName());
                        statement.setBoolean(p++, task.canCancel());
                        statement.setBoolean(p++, task.canContinue());
                        statement.setBoolean(p++, task.canPass());
                        statement.setBoolean(p++, task.canRetry());
                        statement.setBoolean(p++, task.canRollback());
                        statement.setInt(p++, TaskState.PENDING.code);
                        statement.setInt(p++, TaskOperator.RUN.code);
                        for (int i = 0; i < 4; i++) {
                            statement.setLong(p++, now);
                        }
                    }
                });
        return new Dag(dagId, definition.name(), definition.type(), 1, tasks.size(), TaskState.READY,
                TaskOperator.RUN, maintenance, false, context, now, now);
    }

    private static String rows(String row, int count) {
        return String.join(", ", Collections.nCopies(count, row));
    }

    Optional<Dag> dag(long id) {
        return queryOne("SELECT * FROM dag_instance WHERE id = ?", DAG, statement -> statement.setLong(1, id));
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
        return update("UPDATE dag_instance SET state = ?, operator = ?, stage = ?, is_finished = ?, start_time = ?, "
                + "end_time = ?, gmt_modify = ? WHERE id = ? AND state = ? AND operator = ? AND stage = ?", statement -> {
                    statement.setInt(1, written.state().code);
                    statement.setInt(2, written.operator().code);
                    statement.setInt(3, written.stage());
                    statement.setBoolean(4, written.finished());
                    statement.setLong(5, written.startTime());
                    statement.setLong(6, written.endTime());
                    statement.setLong(7, now);
                    statement.setLong(8, read.id());
                    statement.setInt(9, read.state().code);
                    statement.setInt(10, read.operator().code);
                    statement.setInt(11, read.stage());
                }) == 1;
    }

    boolean updateNodeIfAsRead(Dag read, Node written, long now) {
        return update("UPDATE node_instance SET state = ?, operator = ?, start_time = ?, end_time = ?, gmt_modify = ? "
                + "WHERE id = ?" + WHILE_DAG_AS_READ, statement -> {
                    statement.setInt(1, written.state().code);
                    statement.setInt(2, written.operator().code);
                    statement.setLong(3, written.startTime());
                    statement.setLong(4, written.endTime());
                    statement.setLong(5, now);
                    statement.setLong(6, written.id());
                    bindAsRead(statement, 7, read);
                }) == 1;
    }

    boolean updateSubTaskIfAsRead(Dag read, SubTask written, long now) {
        return update("UPDATE subtask_instance SET state = ?, operator = ?, execute_times = ?, start_time = ?, "
                + "end_time = ?, gmt_modify = ? WHERE id = ?" + WHILE_DAG_AS_READ, statement -> {
                    statement.setInt(1, written.state().code);
                    statement.setInt(2, written.operator().code);
                    statement.setInt(3, written.executeTimes());
                    statement.setLong(4, written.startTime());
                    statement.setLong(5, written.endTime());
                    statement.setLong(6, now);
                    statement.setLong(7, written.id());
                    bindAsRead(statement, 8, read);
                }) == 1;
    }

    /** {@link #WHILE_DAG_AS_READ}'s parameters, from {@code first} on. */
    private static void bindAsRead(PreparedStatement statement, int first, Dag read) throws SQLException {
        statement.setLong(first, read.id());
        statement.setInt(first + 1, read.state().code);
        statement.setInt(first + 2, read.operator().code);
        statement.setInt(first + 3, read.stage());
    }

    void updateDagContext(long id, String context) {
        update("UPDATE dag_instance SET context = ? WHERE id = ?", statement -> {
            statement.setString(1, context);
            statement.setLong(2, id);
        });
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
        String sql = "INSERT INTO sub_task_log(sub_task_id, execute_times, log_content, is_sync, create_time, "
                + "update_time) VALUES (?, ?, ?, 1, ?, ?)";
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (String line : lines) {
                statement.setLong(1, subTaskId);
                statement.setInt(2, executeTimes);
                statement.setString(3, line);
                statement.setLong(4, now);
                statement.setLong(5, now);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw translated(sql, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
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
