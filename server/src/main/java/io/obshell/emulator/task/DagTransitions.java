package io.obshell.emulator.task;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
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

    /** READY → RUNNING; the start time is now, the end time is left as it was. Null: not applied. */
    Dag startDag(Dag dag) {
        long now = now();
        return updateDag(dag, TaskState.RUNNING, dag.operator(), Math.min(dag.stage(), dag.maxStage()), false, now,
                dag.endTime(), now);
    }

    Node startNode(Dag dag, Node node) {
        long now = now();
        return updateNode(dag, node, TaskState.RUNNING, now, now, now);
    }

    /** PENDING (or finished) → READY with {@code operator}; every READY counts one execution. */
    SubTask readySubTask(Dag dag, SubTask task, TaskOperator operator) {
        return updateSubTask(dag, task, TaskState.READY, operator, task.executeTimes() + 1, task.startTime(),
                task.endTime(), now());
    }

    SubTask runSubTask(Dag dag, SubTask task) {
        long now = now();
        return updateSubTask(dag, task, TaskState.RUNNING, task.operator(), task.executeTimes(), now, task.endTime(),
                now);
    }

    /**
     * The task's result, with the lines it logged and the data it passes forward (null: the
     * context stays as it is), in one transaction; a result alone is one statement. The lines
     * are kept even when the result no longer applies (an operator came first): the task did run.
     */
    SubTask finishSubTask(Dag dag, SubTask task, boolean succeeded, String context, List<String> logLines) {
        if (logLines.isEmpty() && context == null) {
            long now = now();
            return updateSubTask(dag, task, succeeded ? TaskState.SUCCEED : TaskState.FAILED, task.operator(),
                    task.executeTimes(), task.startTime(), now, now);
        }
        return transaction.execute(status -> {
            long now = now();
            store.insertLogs(task.id(), task.executeTimes(), logLines, now);
            SubTask finished = updateSubTask(dag, task, succeeded ? TaskState.SUCCEED : TaskState.FAILED,
                    task.operator(), task.executeTimes(), task.startTime(), now, now);
            if (finished != null && context != null) {
                store.updateDagContext(dag.id(), context);
            }
            return finished;
        });
    }

    /** Lines a task logged whose result is not recorded (a CANCEL came first). */
    void appendLog(SubTask task, List<String> logLines) {
        if (!logLines.isEmpty()) {
            transaction.executeWithoutResult(status -> store.insertLogs(task.id(), task.executeTimes(), logLines,
                    now()));
        }
    }

    /** CANCEL: the unfinished sub_task fails with obshell's engine line; its operator stays. */
    SubTask cancelSubTask(Dag dag, SubTask task) {
        return transaction.execute(status -> {
            long now = now();
            SubTask cancelled = updateSubTask(dag, task, TaskState.FAILED, task.operator(), task.executeTimes(),
                    task.startTime(), now, now);
            if (cancelled != null) {
                store.insertLogs(task.id(), task.executeTimes(), List.of("sub task cancelled"), now);
            }
            return cancelled;
        });
    }

    Node finishNode(Dag dag, Node node, TaskState state) {
        long now = now();
        return updateNode(dag, node, state, node.startTime(), now, now);
    }

    /** After a forward node: next stage, or the DAG's end. */
    Dag afterForwardNode(Dag dag, Node node) {
        if (node.state() == TaskState.FAILED) {
            return markFailed(dag);
        } else if (dag.stage() < dag.maxStage()) {
            return updateDag(dag, dag.state(), dag.operator(), dag.stage() + 1, false, dag.startTime(), dag.endTime(),
                    now());
        } else {
            return succeedDag(dag, dag.stage());
        }
    }

    /** After a rolled-back node: the stage below, or — past stage 1 — SUCCEED/ROLLBACK at stage 1. */
    Dag afterRollbackNode(Dag dag, Node node) {
        if (node.state() == TaskState.FAILED) {
            return markFailed(dag);
        } else if (dag.stage() > 1) {
            return updateDag(dag, dag.state(), dag.operator(), dag.stage() - 1, false, dag.startTime(), dag.endTime(),
                    now());
        } else {
            return succeedDag(dag, 1);
        }
    }

    /**
     * A failed node stops the DAG. A maintenance DAG stays unfinished and keeps the lock, unless
     * the node is a failure_exit_maintenance one (obshell's FinishDagAsFailed); any other DAG is
     * finished (§2.4).
     */
    Dag failDag(Dag dag) {
        return markFailed(dag);
    }

    /**
     * The DAG's current step failed for a reason the engine itself hit (its result could not be
     * recorded). Its unfinished sub_task, its node and the DAG end FAILED, with the
     * cause as the sub_task's last log line; a store with no room for the line may still take the
     * state changes, which rewrite rows in place, so they are tried alone next. A maintenance DAG
     * keeps the lock, as after any failure.
     */
    void failOnEngineError(long dagId, List<String> logLines) {
        try {
            transaction.executeWithoutResult(status -> failAtStage(dagId, logLines));
        } catch (RuntimeException noRoomForTheLines) {
            transaction.executeWithoutResult(status -> failAtStage(dagId, List.of()));
        }
    }

    private void failAtStage(long dagId, List<String> logLines) {
        Dag dag = store.dag(dagId).orElse(null);
        if (dag == null || dag.state().finished()) {
            return;
        }
        long now = now();
        Node node = store.nodeAt(dagId, dag.stage());
        List<SubTask> tasks = store.subTasks(node.id());
        if (!tasks.isEmpty()) {
            store.insertLogs(tasks.get(0).id(), tasks.get(0).executeTimes(), logLines, now);
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

    /**
     * A maintenance DAG's lock goes with the write that finishes it, in one transaction, so no
     * crash leaves a finished DAG holding it (or an unfinished one without it).
     */
    private Dag markFailed(Dag dag) {
        boolean releases = dag.maintenance() && catalog.definitionOf(dag).taskAt(dag.stage()).failureExitMaintenance();
        return finishDag(dag, TaskState.FAILED, dag.stage(), !dag.maintenance(), releases);
    }

    private Dag succeedDag(Dag dag, int stage) {
        return finishDag(dag, TaskState.SUCCEED, stage, true, dag.maintenance());
    }

    private Dag finishDag(Dag dag, TaskState state, int stage, boolean finished, boolean releasesLock) {
        if (!releasesLock) {
            return updateDag(dag, state, dag.operator(), stage, finished, dag.startTime(), now(), now());
        }
        return transaction.execute(status -> {
            long now = now();
            Dag written = updateDag(dag, state, dag.operator(), stage, finished, dag.startTime(), now, now);
            if (written != null) {
                lock.release();
            }
            return written;
        });
    }

    /** The DAG row as written, or null when the DAG is no longer as the runner read it. */
    private Dag updateDag(Dag read, TaskState state, TaskOperator operator, int stage, boolean finished,
            long startTime, long endTime, long now) {
        Dag written = new Dag(read.id(), read.name(), read.type(), stage, read.maxStage(), state, operator,
                read.maintenance(), finished, read.context(), startTime, endTime);
        return store.updateDagIfAsRead(read, written, now) ? written : null;
    }

    private Node updateNode(Dag read, Node node, TaskState state, long startTime, long endTime, long now) {
        Node written = new Node(node.id(), node.dagId(), node.stage(), node.name(), node.structName(), state,
                node.operator(), startTime, endTime);
        return store.updateNodeIfAsRead(read, written, now) ? written : null;
    }

    private SubTask updateSubTask(Dag read, SubTask task, TaskState state, TaskOperator operator, int executeTimes,
            long startTime, long endTime, long now) {
        SubTask written = new SubTask(task.id(), task.nodeId(), task.name(), task.structName(), executeTimes,
                task.canCancel(), task.canContinue(), task.canPass(), task.canRetry(), task.canRollback(),
                task.context(), state, operator, startTime, endTime);
        return store.updateSubTaskIfAsRead(read, written, now) ? written : null;
    }
}
