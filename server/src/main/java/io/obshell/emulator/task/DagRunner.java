package io.obshell.emulator.task;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives every unfinished DAG, one step at a time, each step committed before the next: the
 * DAG starts, its node at {@code stage} starts, the sub_task goes READY, RUNNING, SUCCEED or
 * FAILED, the node follows, the stage moves. A DAG is driven by one thread at a time; operators
 * and DAG creation {@link #wake} it. On start-up every unfinished DAG resumes (dag-engine.md §7).
 */
@Component
public class DagRunner {

    private static final Logger log = LoggerFactory.getLogger(DagRunner.class);
    private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {
    };
    /** A task whose pacing a halt or a cancel cut short: it records no result. */
    private static final Exception STOPPED = new Exception("stopped", null, false, false) {
    };

    private final TaskStore store;
    private final DagTransitions transitions;
    private final Pacing pacing;
    private final TaskFaults faults;
    private final JsonMapper json;
    private final DagCatalog catalog;
    private final Map<Long, Driver> drivers = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final Object driverEnded = new Object();
    private volatile boolean halted;

    DagRunner(TaskStore store, DagTransitions transitions, Pacing pacing, TaskFaults faults, JsonMapper json,
            DagCatalog catalog) {
        this.store = store;
        this.transitions = transitions;
        this.pacing = pacing;
        this.faults = faults;
        this.json = json;
        this.catalog = catalog;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dag-runner-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Makes sure the DAG is being driven and sees its latest state (after an operator, say). */
    public void wake(long dagId) {
        drivers.compute(dagId, (id, driver) -> {
            if (driver == null) {
                Driver fresh = new Driver(id);
                pool.execute(fresh);
                return fresh;
            }
            driver.woken = true;
            LockSupport.unpark(driver.thread);
            return driver;
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        for (Dag dag : store.unfinishedDags()) {
            if (dag.state() != TaskState.FAILED) {
                log.info("resuming DAG {} '{}' at stage {}", dag.id(), dag.name(), dag.stage());
                wake(dag.id());
            }
        }
    }

    /** Whether any DAG is being driven right now. */
    public boolean idle() {
        return drivers.isEmpty();
    }

    /**
     * Runs {@code action} while no DAG is driven (the emulator reset, which must not pull rows
     * from under a driver): every driver stops at its next step boundary, a paced wait and the
     * pause gate let go at once, a task already executing finishes first. Afterwards every
     * unfinished DAG that still exists is driven again.
     */
    public synchronized void whileHalted(Duration timeout, Runnable action) throws InterruptedException {
        try {
            halt(timeout);
            action.run();
        } finally {
            halted = false;
            resumeUnfinished();
        }
    }

    /**
     * Stops every driver and waits for them to let go (tests that delete the rows themselves).
     * Unlike {@link #whileHalted}, nothing resumes: DAGs woken afterwards are driven afresh.
     */
    public synchronized void stopAll() {
        try {
            halt(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            halted = false;
        }
    }

    private void halt(Duration timeout) throws InterruptedException {
        halted = true;
        drivers.values().forEach(driver -> {
            Thread thread = driver.thread;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        });
        pacing.release();
        awaitNoDrivers(timeout);
    }

    private void awaitNoDrivers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (driverEnded) {
            while (!drivers.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new IllegalStateException("DAG drivers still running after " + timeout);
                }
                driverEnded.wait(Math.max(1, remaining / 1_000_000));
            }
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    private final class Driver implements Runnable {

        private final long dagId;
        private volatile Thread thread;
        private volatile boolean woken;

        Driver(long dagId) {
            this.dagId = dagId;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                do {
                    woken = false;
                    drive();
                } while (drivers.compute(dagId, (id, self) -> self.woken && !halted ? self : null) != null);
            } catch (InterruptedException e) {
                drivers.remove(dagId, this);
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                drivers.remove(dagId, this);
                log.error("DAG {} stopped on an engine error", dagId, e);
            } finally {
                synchronized (driverEnded) {
                    driverEnded.notifyAll();
                }
            }
        }

        private void drive() throws InterruptedException {
            while (true) {
                pacing.awaitTurn(() -> halted);
                if (halted) {
                    return;
                }
                Dag dag = store.dag(dagId).orElse(null);
                if (dag == null || dag.state().finished()) {
                    return;
                }
                if (dag.state() == TaskState.READY) {
                    transitions.startDag(dag);
                    continue;
                }
                Node node = store.nodeAt(dagId, dag.stage());
                switch (dag.operator()) {
                    case CANCEL -> cancelStep(dag, node);
                    case ROLLBACK -> rollbackStep(dag, node);
                    default -> forwardStep(dag, node);
                }
            }
        }

        /** RUN, including a node under RETRY: roll the failed sub_task back, then run it again. */
        private void forwardStep(Dag dag, Node node) throws InterruptedException {
            if (node.state() == TaskState.PENDING) {
                transitions.startNode(dag, node);
                return;
            }
            if (node.state().finished()) {
                transitions.afterForwardNode(dag, node);
                return;
            }
            SubTask task = store.subTaskOf(node.id());
            boolean retrying = node.operator() == TaskOperator.RETRY;
            switch (task.state()) {
                case PENDING -> transitions.readySubTask(dag, task, TaskOperator.RUN);
                case READY -> execute(dag, node, task, task.operator() == TaskOperator.ROLLBACK, false);
                case RUNNING -> execute(dag, node, task, task.operator() == TaskOperator.ROLLBACK, true);
                case FAILED -> {
                    if (retrying && task.startTime() < node.startTime()) {
                        transitions.readySubTask(dag, task, TaskOperator.ROLLBACK);
                    } else {
                        transitions.finishNode(dag, node, TaskState.FAILED);
                    }
                }
                case SUCCEED -> {
                    if (retrying && task.operator() == TaskOperator.ROLLBACK) {
                        transitions.readySubTask(dag, task, TaskOperator.RUN);
                    } else {
                        transitions.finishNode(dag, node, TaskState.SUCCEED);
                    }
                }
            }
        }

        /** ROLLBACK: each node from the failed one down to stage 1 runs its task's rollback. */
        private void rollbackStep(Dag dag, Node node) throws InterruptedException {
            if (node.state() == TaskState.PENDING) {
                transitions.startNode(dag, node);
                return;
            }
            if (node.state().finished()) {
                transitions.afterRollbackNode(dag, node);
                return;
            }
            SubTask task = store.subTaskOf(node.id());
            boolean rolledBackThisTime = task.operator() == TaskOperator.ROLLBACK && task.startTime() >= node.startTime();
            if (task.state() == TaskState.PENDING && task.operator() == TaskOperator.RUN) {
                // Never ran: nothing to undo.
                transitions.finishNode(dag, node, TaskState.SUCCEED);
            } else if (task.state() == TaskState.READY && task.operator() == TaskOperator.ROLLBACK) {
                execute(dag, node, task, true, false);
            } else if (task.state() == TaskState.RUNNING) {
                execute(dag, node, task, true, true);
            } else if (task.state().finished() && rolledBackThisTime) {
                transitions.finishNode(dag, node, task.state());
            } else {
                transitions.readySubTask(dag, task, TaskOperator.ROLLBACK);
            }
        }

        /**
         * CANCEL: the current node's READY or RUNNING sub_task fails as cancelled, then node and
         * DAG fail. A PENDING one never started and stays PENDING, as obshell's cancelHandler
         * leaves it (dag-engine.md §2.5).
         */
        private void cancelStep(Dag dag, Node node) {
            if (node.state() == TaskState.PENDING) {
                transitions.startNode(dag, node);
                return;
            }
            if (node.state().finished()) {
                transitions.failDag(dag);
                return;
            }
            SubTask task = store.subTaskOf(node.id());
            if (task.state() == TaskState.READY || task.state() == TaskState.RUNNING) {
                transitions.cancelSubTask(dag, task);
            } else {
                transitions.finishNode(dag, node, TaskState.FAILED);
            }
        }

        /** Runs the task's work (or rollback) while it is RUNNING, then records the result. */
        private void execute(Dag dag, Node node, SubTask ready, boolean rollback, boolean continuing)
                throws InterruptedException {
            if (ready.state() == TaskState.READY) {
                transitions.runSubTask(dag, ready);
            }
            SubTask task = store.subTask(ready.id()).orElseThrow();
            Map<String, Object> context = json.readValue(dag.context(), CONTEXT);
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) context.getOrDefault("Params", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> data = new HashMap<>((Map<String, Object>) context.getOrDefault("Data", Map.of()));
            Exception failure = run(catalog.definitionOf(dag), dag, node.stage(), task, params, data, rollback,
                    continuing);
            if (failure instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (failure == STOPPED || cancelled()) {
                return;
            }
            context.put("Data", data);
            transitions.finishSubTask(dag, task, failure == null, json.writeValueAsString(context));
        }

        /**
         * The task's step with its typed params, paced, behind the fault switch: null when it
         * succeeded, {@link #STOPPED} when a halt or a cancel cut its pacing short, else what it
         * failed with, already logged as obshell's {@code ERROR:} line.
         */
        private <P extends DagParams> Exception run(DagDefinition<P> definition, Dag dag, int stage, SubTask task,
                Map<String, Object> params, Map<String, Object> data, boolean rollback, boolean continuing) {
            TaskDefinition<P> step = definition.taskAt(stage);
            P typed = json.convertValue(params, definition.paramsType());
            TaskRun<P> run = new TaskRun<>(typed, data, continuing,
                    line -> store.insertLog(task.id(), task.executeTimes(), line, transitions.now()));
            try {
                if (continuing && !task.canContinue()) {
                    throw new IllegalStateException("task unexpectedly interrupted and cannot continue");
                }
                TaskFaults.Fault fault = faults.match(new TaskFaults.Execution(dag.name(), task.name(), rollback,
                        typed.targetVersions(), params));
                Duration delay = pacing.delayFor(task.name());
                pace(fault == null ? delay : delay.plus(fault.delay()));
                if (halted || cancelled()) {
                    return STOPPED;
                }
                if (fault != null && fault.failure() != null) {
                    if (!rollback) {
                        step.beforeFailure().run(run);
                    }
                    throw fault.failure();
                }
                (rollback ? step.rollback() : step.execute()).run(run);
                return null;
            } catch (ApiException e) {
                run.log("ERROR: [" + e.errCode() + "]: " + e.getMessage());
                return e;
            } catch (InterruptedException e) {
                return e;
            } catch (Exception e) {
                run.log("ERROR: [" + ErrorCode.COMMON_UNEXPECTED.errCode() + "]: "
                        + ErrorCode.COMMON_UNEXPECTED.message(e.getMessage()));
                return e;
            }
        }

        /** A CANCEL that arrived while the task ran takes precedence over its result. */
        private boolean cancelled() {
            return store.dag(dagId).map(dag -> dag.operator() == TaskOperator.CANCEL).orElse(true);
        }

        /**
         * Keeps the task RUNNING for its paced time. A wake meanwhile is an operator: a CANCEL
         * cuts the wait short; anything else is seen at the next step, which rereads the DAG.
         */
        private void pace(Duration delay) throws InterruptedException {
            long deadline = System.nanoTime() + delay.toNanos();
            long remaining;
            while ((remaining = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, remaining);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (halted) {
                    return;
                }
                if (woken) {
                    woken = false;
                    if (cancelled()) {
                        return;
                    }
                }
            }
        }
    }
}
