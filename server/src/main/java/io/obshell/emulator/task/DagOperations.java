package io.obshell.emulator.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operators of {@code POST /api/v1/task/dag/{id}} and {@code /task/node/{id}}
 * (dag-engine.md §2.5): preconditions and can_* checks with obshell's texts, then the state
 * change in one transaction, so the DAG has left FAILED before the POST answers.
 */
@Service
class DagOperations {

    private final TaskStore store;
    private final MaintenanceLock lock;
    private final DagTransitions transitions;
    private final DagRunner runner;
    private final DagCatalog catalog;
    private final AgentIdentity agent;
    private final TransactionTemplate transaction;

    DagOperations(TaskStore store, MaintenanceLock lock, DagTransitions transitions, DagRunner runner,
            DagCatalog catalog, AgentIdentity agent, PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.store = store;
        this.lock = lock;
        this.transitions = transitions;
        this.runner = runner;
        this.catalog = catalog;
        this.agent = agent;
    }

    /** Applies {@code operator} to the DAG, in one transaction. */
    void operate(Dag snapshot, String operator) {
        transaction.executeWithoutResult(status -> operateInTransaction(snapshot, operator));
    }

    private void operateInTransaction(Dag snapshot, String operator) {
        // Gone since the route found it (an emulator reset meanwhile): as obshell, not found.
        Dag dag = store.dag(snapshot.id()).orElseThrow(() -> TaskQueries.notFound("record not found"));
        checked(dag, operator).run();
        wakeAfterCommit(dag.id());
    }

    /**
     * The operators {@link #operate} would accept for this DAG now: those whose checks pass. The
     * checks are the very ones {@code operate} runs, so the two cannot disagree; the answer can
     * be stale by the time a client acts on it, and {@code operate} checks again.
     */
    List<TaskOperator> allowed(Dag dag) {
        List<TaskOperator> allowed = new ArrayList<>();
        for (TaskOperator operator : List.of(TaskOperator.RETRY, TaskOperator.ROLLBACK, TaskOperator.CANCEL,
                TaskOperator.PASS)) {
            try {
                checked(dag, operator.name());
                allowed.add(operator);
            } catch (ApiException refused) {
                // obshell would refuse it: not offered.
            }
        }
        return allowed;
    }

    /** Runs an operator's checks, without side effects, with obshell's texts; the returned change applies it. */
    private Runnable checked(Dag dag, String operator) {
        return switch (operator.toUpperCase(Locale.ROOT)) {
            case "RETRY" -> retry(dag);
            case "ROLLBACK" -> rollback(dag);
            case "CANCEL" -> cancel(dag);
            case "PASS" -> pass(dag);
            default -> throw ApiException.of(ErrorCode.TASK_DAG_OPERATOR_NOT_SUPPORT, operator);
        };
    }

    /** The node route accepts PASS only; obshell refuses anything else before it looks for the node. */
    static void requireNodePass(String operator) {
        if (!"PASS".equals(operator.toUpperCase(Locale.ROOT))) {
            throw ApiException.of(ErrorCode.TASK_NODE_OPERATOR_NOT_SUPPORT, operator);
        }
    }

    /** PASS on a failed node, in one transaction. */
    void passNode(Node snapshot) {
        transaction.executeWithoutResult(status -> passNodeInTransaction(snapshot));
    }

    private void passNodeInTransaction(Node snapshot) {
        Node node = store.node(snapshot.id()).orElseThrow(() -> TaskQueries.notFound("record not found"));
        Dag dag = store.dag(node.dagId()).orElseThrow(() -> TaskQueries.notFound("record not found"));
        if (dag.state() != TaskState.FAILED) {
            throw ApiException.of(ErrorCode.TASK_NODE_PASS_NOT_FAILED_DAG);
        }
        if (node.state() != TaskState.FAILED) {
            throw ApiException.of(ErrorCode.TASK_NODE_PASS_NOT_FAILED_NODE, node.name());
        }
        if (!store.subTasks(node.id()).stream().allMatch(SubTask::canPass)) {
            throw ApiException.of(ErrorCode.TASK_NODE_PASS_NOT_ALLOWED, node.name());
        }
        retakeLockIfReleased(dag, node.stage());
        long now = transitions.now();
        passNodeAndTasks(node, now);
        store.updateDag(dag.id(), TaskState.READY, TaskOperator.RUN, dag.stage(), false, 0, 0, now);
        wakeAfterCommit(dag.id());
    }

    private Runnable retry(Dag dag) {
        if (dag.state() != TaskState.FAILED) {
            throw ApiException.of(ErrorCode.TASK_RETRY_NOT_FAILED_DAG);
        }
        Node node = store.nodeAt(dag.id(), dag.stage());
        if (!store.subTasks(node.id()).stream().allMatch(SubTask::canRetry)) {
            throw ApiException.of(ErrorCode.TASK_RETRY_NOT_ALLOWED, node.name());
        }
        requireLockFreeIfReleased(dag, dag.stage());
        return () -> {
            retakeLockIfReleased(dag, dag.stage());
            long now = transitions.now();
            store.updateDag(dag.id(), TaskState.READY, TaskOperator.RUN, dag.stage(), false, 0, 0, now);
            store.updateNode(node.id(), TaskState.PENDING, TaskOperator.RETRY, 0, 0, now);
        };
    }

    private Runnable rollback(Dag dag) {
        if (dag.state() != TaskState.FAILED) {
            throw ApiException.of(ErrorCode.TASK_ROLLBACK_NOT_FAILED_DAG);
        }
        List<Node> nodes = store.nodes(dag.id());
        int last = 0;
        for (Node node : nodes) {
            if (node.stage() > dag.stage()
                    || (node.state() == TaskState.PENDING && node.operator() != TaskOperator.ROLLBACK)) {
                break;
            }
            if (!store.subTasks(node.id()).stream().allMatch(SubTask::canRollback)) {
                throw ApiException.of(ErrorCode.TASK_ROLLBACK_NOT_ALLOWED, node.name());
            }
            last = node.stage();
        }
        int lastChecked = last;
        if (lastChecked > 0) {
            requireLockFreeIfReleased(dag, lastChecked);
        }
        return () -> {
            if (lastChecked > 0) {
                retakeLockIfReleased(dag, lastChecked);
            }
            long now = transitions.now();
            store.updateDag(dag.id(), TaskState.READY, TaskOperator.ROLLBACK, dag.stage(), false, 0, 0, now);
            for (Node node : nodes) {
                if (node.stage() <= dag.stage() && node.state().finished()) {
                    store.updateNode(node.id(), TaskState.PENDING, TaskOperator.ROLLBACK, 0, 0, now);
                }
            }
        };
    }

    private Runnable cancel(Dag dag) {
        if (dag.state().finished()) {
            throw ApiException.of(ErrorCode.TASK_CANCEL_FINISHED_DAG);
        }
        Node current = null;
        for (Node node : store.nodes(dag.id())) {
            // obshell checks the flag before looking at the node's state: a finished node counts too.
            if (!store.subTasks(node.id()).stream().allMatch(SubTask::canCancel)) {
                throw ApiException.of(ErrorCode.TASK_CANCEL_NOT_ALLOWED, node.name());
            }
            if (!node.state().finished()) {
                current = node;
                break;
            }
        }
        int stage = dag.stage();
        if (dag.operator() == TaskOperator.ROLLBACK) {
            // obshell would mark node 1 and go on with the node in progress under the DAG's CANCEL,
            // which can end FAILED with no failed node (or run forward again): an internal defect.
            // Here the rollback step in progress is what is cancelled, so the DAG ends FAILED at it.
            current = rollbackStepToCancel(dag);
            stage = current.stage();
        }
        Node cancelled = current;
        int cancelledStage = stage;
        return () -> {
            long now = transitions.now();
            store.updateDag(dag.id(), TaskState.READY, TaskOperator.CANCEL, cancelledStage, false, 0, 0, now);
            if (cancelled != null) {
                store.updateNode(cancelled.id(), TaskState.PENDING, TaskOperator.CANCEL, 0, 0, now);
            }
        };
    }

    /**
     * The node a rollback is at: the one at the DAG's stage while it rolls back, or, once that
     * one has finished and the stage has not yet moved down, the next one to roll back.
     */
    private Node rollbackStepToCancel(Dag dag) {
        Node atStage = store.nodeAt(dag.id(), dag.stage());
        if (!atStage.state().finished() || dag.stage() == 1) {
            return atStage;
        }
        return store.nodeAt(dag.id(), dag.stage() - 1);
    }

    private Runnable pass(Dag dag) {
        if (dag.state() != TaskState.FAILED) {
            throw ApiException.of(ErrorCode.TASK_PASS_NOT_FAILED_DAG);
        }
        // obshell checks can_pass on every node not SUCCEED, but passes the failed node and every
        // node after it, SUCCEED ones (a finished rollback) included.
        List<Node> nodes = store.nodes(dag.id());
        int failed = nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node.state() == TaskState.SUCCEED) {
                continue;
            }
            if (node.state() == TaskState.FAILED) {
                failed = i;
            }
            if (!store.subTasks(node.id()).stream().allMatch(SubTask::canPass)) {
                throw ApiException.of(ErrorCode.TASK_PASS_NOT_ALLOWED, node.name());
            }
        }
        List<Node> passed = nodes.subList(failed, nodes.size());
        return () -> {
            long now = transitions.now();
            for (Node node : passed) {
                passNodeAndTasks(node, now);
            }
            store.updateDag(dag.id(), TaskState.SUCCEED, TaskOperator.PASS, dag.stage(), true, dag.startTime(), now,
                    now);
            if (dag.maintenance()) {
                lock.release();
            }
        };
    }

    /**
     * A failure at a failure_exit_maintenance node gave the lock back; RETRY, ROLLBACK and node
     * PASS take it again, and fail with obshell's bare StartMaintenance error (no "Create task"
     * prefix) when another DAG holds it (obshell's txForRetryAndReadyDag, PassNode).
     */
    private void retakeLockIfReleased(Dag dag, int stage) {
        if (releasedLockAt(dag, stage) && !lock.tryAcquire()) {
            throw underMaintenance();
        }
    }

    /** {@link #retakeLockIfReleased}'s refusal without taking the lock: the check part of an operator. */
    private void requireLockFreeIfReleased(Dag dag, int stage) {
        if (releasedLockAt(dag, stage) && lock.held()) {
            throw underMaintenance();
        }
    }

    private boolean releasedLockAt(Dag dag, int stage) {
        return dag.maintenance() && catalog.definitionOf(dag).taskAt(stage).failureExitMaintenance();
    }

    private ApiException underMaintenance() {
        return ApiException.of(ErrorCode.AGENT_UNDER_MAINTENANCE, agent.address());
    }

    private void passNodeAndTasks(Node node, long now) {
        store.updateNode(node.id(), TaskState.SUCCEED, TaskOperator.PASS, node.startTime(), now, now);
        for (SubTask task : store.subTasks(node.id())) {
            if (task.state() != TaskState.SUCCEED) {
                store.updateSubTask(task.id(), TaskState.SUCCEED, TaskOperator.PASS, task.executeTimes(),
                        task.startTime(), now, now);
            }
        }
    }

    private void wakeAfterCommit(long dagId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                runner.wake(dagId);
            }
        });
    }
}
