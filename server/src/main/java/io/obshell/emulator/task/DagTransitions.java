package io.obshell.emulator.task;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The runner's state changes, each one statement or, where it writes more than one row, one
 * transaction, so a poller sees every step obshell's scheduler would show it (dag-engine.md
 * §1.5, §2.3, §2.4) and nothing half-written. Each applies only if the DAG is still as the
 * runner read it (an operator may have changed it since), checked in the write itself; else
 * the runner reads again. WAL with synchronous=NORMAL keeps every committed step across a
 * SIGKILL; a power loss may take back the last steps not yet checkpointed, never half of one.
 */
@Component
class DagTransitions {

    private final TaskStore store;
    private final MaintenanceLock lock;
    private final Clock clock;
    private final DagCatalog catalog;
    private final TransactionTemplate transaction;

    DagTransitions(TaskStore store, MaintenanceLock lock, Clock clock, DagCatalog catalog,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.lock = lock;
        this.clock = clock;
        this.catalog = catalog;
        this.transaction = new TransactionTemplate(transactions);
    }

    long now() {
        return DagFactory.nanos(clock.instant());
    }

    /** READY → RUNNING; the start time is now, the end time is left as it was. */
    void startDag(Dag dag) {
        int stage = Math.min(dag.stage(), dag.maxStage());
        store.updateDagIfAsRead(dag, TaskState.RUNNING, dag.operator(), stage, false, now(), dag.endTime(), now());
    }

    void startNode(Dag dag, Node node) {
        long now = now();
        store.updateNodeIfAsRead(dag, node.id(), TaskState.RUNNING, node.operator(), now, now, now);
    }

    /** PENDING (or finished) → READY with {@code operator}; every READY counts one execution. */
    void readySubTask(Dag dag, SubTask task, TaskOperator operator) {
        store.updateSubTaskIfAsRead(dag, task.id(), TaskState.READY, operator, task.executeTimes() + 1,
                task.startTime(), task.endTime(), now());
    }

    void runSubTask(Dag dag, SubTask task) {
        store.updateSubTaskIfAsRead(dag, task.id(), TaskState.RUNNING, task.operator(), task.executeTimes(), now(),
                task.endTime(), now());
    }

    /** The task's result, with the data it passes forward. */
    @Transactional
    void finishSubTask(Dag dag, SubTask task, boolean succeeded, String context) {
        if (store.updateSubTaskIfAsRead(dag, task.id(), succeeded ? TaskState.SUCCEED : TaskState.FAILED,
                task.operator(), task.executeTimes(), task.startTime(), now(), now())) {
            store.updateDagContext(dag.id(), context);
        }
    }

    /** CANCEL: the unfinished sub_task fails with obshell's engine line; its operator stays. */
    @Transactional
    void cancelSubTask(Dag dag, SubTask task) {
        if (store.updateSubTaskIfAsRead(dag, task.id(), TaskState.FAILED, task.operator(), task.executeTimes(),
                task.startTime(), now(), now())) {
            store.insertLog(task.id(), task.executeTimes(), "sub task cancelled", now());
        }
    }

    void finishNode(Dag dag, Node node, TaskState state) {
        store.updateNodeIfAsRead(dag, node.id(), state, node.operator(), node.startTime(), now(), now());
    }

    /** After a forward node: next stage, or the DAG's end. */
    @Transactional
    void afterForwardNode(Dag dag, Node node) {
        if (node.state() == TaskState.FAILED) {
            markFailed(dag);
        } else if (dag.stage() < dag.maxStage()) {
            store.updateDagIfAsRead(dag, dag.state(), dag.operator(), dag.stage() + 1, false, dag.startTime(),
                    dag.endTime(), now());
        } else {
            succeedDag(dag, dag.stage());
        }
    }

    /** After a rolled-back node: the stage below, or — past stage 1 — SUCCEED/ROLLBACK at stage 1. */
    @Transactional
    void afterRollbackNode(Dag dag, Node node) {
        if (node.state() == TaskState.FAILED) {
            markFailed(dag);
        } else if (dag.stage() > 1) {
            store.updateDagIfAsRead(dag, dag.state(), dag.operator(), dag.stage() - 1, false, dag.startTime(),
                    dag.endTime(), now());
        } else {
            succeedDag(dag, 1);
        }
    }

    /**
     * A failed node stops the DAG. A maintenance DAG stays unfinished and keeps the lock, unless
     * the node is a failure_exit_maintenance one (obshell's FinishDagAsFailed); any other DAG is
     * finished (§2.4).
     */
    @Transactional
    void failDag(Dag dag) {
        markFailed(dag);
    }

    /**
     * The DAG's current step failed for a reason the engine itself hit (its result could not be
     * recorded). Its unfinished sub_task, its node and the DAG end FAILED, with the
     * cause as the sub_task's last log line; a store with no room for the line may still take the
     * state changes, which rewrite rows in place, so they are tried alone next. A maintenance DAG
     * keeps the lock, as after any failure.
     */
    void failOnEngineError(long dagId, String logLine) {
        try {
            transaction.executeWithoutResult(status -> failAtStage(dagId, logLine));
        } catch (RuntimeException noRoomForTheLine) {
            transaction.executeWithoutResult(status -> failAtStage(dagId, null));
        }
    }

    private void failAtStage(long dagId, String logLine) {
        Dag dag = store.dag(dagId).orElse(null);
        if (dag == null || dag.state().finished()) {
            return;
        }
        long now = now();
        Node node = store.nodeAt(dagId, dag.stage());
        List<SubTask> tasks = store.subTasks(node.id());
        if (logLine != null && !tasks.isEmpty()) {
            store.insertLog(tasks.get(0).id(), tasks.get(0).executeTimes(), logLine, now);
        }
        for (SubTask task : tasks) {
            // A PENDING one too: a client reads a failed node's cause from its FAILED sub_task's log.
            if (!task.state().finished()) {
                store.updateSubTask(task.id(), TaskState.FAILED, task.operator(), task.executeTimes(),
                        task.startTime(), now, now);
            }
        }
        if (!node.state().finished()) {
            store.updateNode(node.id(), TaskState.FAILED, node.operator(), node.startTime(), now, now);
        }
        markFailed(dag);
    }

    private void markFailed(Dag dag) {
        if (store.updateDagIfAsRead(dag, TaskState.FAILED, dag.operator(), dag.stage(), !dag.maintenance(),
                dag.startTime(), now(), now())
                && dag.maintenance() && catalog.definitionOf(dag).taskAt(dag.stage()).failureExitMaintenance()) {
            lock.release();
        }
    }

    private void succeedDag(Dag dag, int stage) {
        if (store.updateDagIfAsRead(dag, TaskState.SUCCEED, dag.operator(), stage, true, dag.startTime(), now(),
                now()) && dag.maintenance()) {
            lock.release();
        }
    }
}
