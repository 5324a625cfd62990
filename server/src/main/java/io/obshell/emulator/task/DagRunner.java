package io.obshell.emulator.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.obshell.emulator.StorageFailure;
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
    private static final Duration ENGINE_FAILURE_FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration ENGINE_FAILURE_MAX_BACKOFF = Duration.ofSeconds(2);
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
            driver.changed = true;
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

    /**
     * Drives one DAG. It keeps the DAG's rows as it last read or wrote them: while it drives the
     * DAG it is their only writer but for operators, and every operator changes the DAG row,
     * which fails the runner's next write (each checks the DAG is as read) and wakes the driver;
     * either makes it read the rows again before its next step.
     */
    private final class Driver implements Runnable {

        private final long dagId;
        private volatile Thread thread;
        private volatile boolean woken;
        /** The rows may have changed under the driver: read them again before the next step. */
        private volatile boolean changed = true;
        private Dag dag;
        private final Map<Integer, Node> nodes = new HashMap<>();
        /** Each node's sub_task (obshell's DAGs have one a node), by node ID. */
        private final Map<Long, SubTask> subTasks = new HashMap<>();
        /** What the executing task logged: written with its result, in one transaction. */
        private final List<String> lines = new ArrayList<>();
        /** The DAG's context parsed, and the text it was parsed from (or written as). */
        private String parsedFrom;
        private Map<String, Object> parsed;
        /** The DAG's typed params, which no step changes. */
        private DagParams typedParams;

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
                try {
                    failOnEngineError(e);
                } finally {
                    drivers.remove(dagId, this);
                }
            } finally {
                synchronized (driverEnded) {
                    driverEnded.notifyAll();
                }
            }
        }

        /**
         * A step that cannot be recorded (a full disk: SQLITE_FULL) must not strand the DAG
         * RUNNING: it ends FAILED at its stage with what the task logged and the cause in the
         * task's log when there is room for them, and from there the lock and the operators
         * behave as after any failure.
         */
        private void failOnEngineError(RuntimeException e) {
            String cause = StorageFailure.of(e).orElse(e.getClass().getSimpleName() + ": " + e.getMessage());
            log.error("DAG {} cannot go on ({}); it ends FAILED", dagId, cause, e);
            List<String> logged = new ArrayList<>(lines);
            logged.add("ERROR: [" + ErrorCode.COMMON_UNEXPECTED.errCode() + "]: "
                    + ErrorCode.COMMON_UNEXPECTED.message(cause));
            lines.clear();
            // A store with no room at all takes not even that: try again until it does (space
            // freed, a reset), or until the runner is halted; a restart resumes the DAG anyway.
            long backoff = ENGINE_FAILURE_FIRST_BACKOFF.toNanos();
            while (true) {
                try {
                    transitions.failOnEngineError(dagId, logged);
                    return;
                } catch (RuntimeException again) {
                    log.warn("DAG {} cannot be marked FAILED yet: {}", dagId, StorageFailure.of(again)
                            .orElse(again.toString()));
                }
                LockSupport.parkNanos(this, backoff);
                if (halted || Thread.currentThread().isInterrupted()) {
                    return;
                }
                backoff = Math.min(backoff * 2, ENGINE_FAILURE_MAX_BACKOFF.toNanos());
            }
        }

        private void drive() throws InterruptedException {
            while (true) {
                pacing.awaitTurn(() -> halted);
                if (halted) {
                    return;
                }
                if (changed) {
                    changed = false;
                    read();
                }
                if (dag == null || dag.state().finished()) {
                    return;
                }
                if (dag.state() == TaskState.READY) {
                    wrote(transitions.startDag(dag));
                    continue;
                }
                Node node = nodes.get(dag.stage());
                if (node == null) {
                    throw new IllegalStateException("DAG " + dagId + " has no node at stage " + dag.stage());
                }
                switch (dag.operator()) {
                    case CANCEL -> cancelStep(dag, node);
                    case ROLLBACK -> rollbackStep(dag, node);
                    default -> forwardStep(dag, node);
                }
            }
        }

        /** The DAG, its nodes and their sub_tasks as stored now (the DAG is null once it is gone). */
        private void read() {
            dag = store.dag(dagId).orElse(null);
            nodes.clear();
            subTasks.clear();
            parsedFrom = null;
            parsed = null;
            typedParams = null;
            if (dag == null || dag.state().finished()) {
                return;
            }
            for (Node node : store.nodes(dagId)) {
                nodes.put(node.stage(), node);
            }
            for (SubTask task : store.subTasksOfDag(dagId)) {
                subTasks.putIfAbsent(task.nodeId(), task);
            }
        }

        private SubTask subTaskOf(Node node) {
            SubTask task = subTasks.get(node.id());
            if (task == null) {
                throw new IllegalStateException("node " + node.id() + " has no sub_task");
            }
            return task;
        }

        /** A write the DAG no longer allowed (null) sends the driver back to the stored rows. */
        private void wrote(Dag written) {
            if (written == null) {
                changed = true;
            } else {
                dag = written;
            }
        }

        private void wrote(Node written) {
            if (written == null) {
                changed = true;
            } else {
                nodes.put(written.stage(), written);
            }
        }

        private boolean wrote(SubTask written) {
            if (written == null) {
                changed = true;
                return false;
            }
            subTasks.put(written.nodeId(), written);
            return true;
        }

        /** RUN, including a node under RETRY: roll the failed sub_task back, then run it again. */
        private void forwardStep(Dag dag, Node node) throws InterruptedException {
            if (node.state() == TaskState.PENDING) {
                wrote(transitions.startNode(dag, node));
                return;
            }
            if (node.state().finished()) {
                wrote(transitions.afterForwardNode(dag, node));
                return;
            }
            SubTask task = subTaskOf(node);
            boolean retrying = node.operator() == TaskOperator.RETRY;
            switch (task.state()) {
                case PENDING -> wrote(transitions.readySubTask(dag, task, TaskOperator.RUN));
                case READY -> execute(dag, node, task, task.operator() == TaskOperator.ROLLBACK, false);
                case RUNNING -> execute(dag, node, task, task.operator() == TaskOperator.ROLLBACK, true);
                case FAILED -> {
                    if (retrying && task.startTime() < node.startTime()) {
                        wrote(transitions.readySubTask(dag, task, TaskOperator.ROLLBACK));
                    } else {
                        wrote(transitions.finishNode(dag, node, TaskState.FAILED));
                    }
                }
                case SUCCEED -> {
                    if (retrying && task.operator() == TaskOperator.ROLLBACK) {
                        wrote(transitions.readySubTask(dag, task, TaskOperator.RUN));
                    } else {
                        wrote(transitions.finishNode(dag, node, TaskState.SUCCEED));
                    }
                }
            }
        }

        /** ROLLBACK: each node from the failed one down to stage 1 runs its task's rollback. */
        private void rollbackStep(Dag dag, Node node) throws InterruptedException {
            if (node.state() == TaskState.PENDING) {
                wrote(transitions.startNode(dag, node));
                return;
            }
            if (node.state().finished()) {
                wrote(transitions.afterRollbackNode(dag, node));
                return;
            }
            SubTask task = subTaskOf(node);
            boolean rolledBackThisTime = task.operator() == TaskOperator.ROLLBACK && task.startTime() >= node.startTime();
            if (task.state() == TaskState.PENDING && task.operator() == TaskOperator.RUN) {
                // Never ran: nothing to undo.
                wrote(transitions.finishNode(dag, node, TaskState.SUCCEED));
            } else if (task.state() == TaskState.READY && task.operator() == TaskOperator.ROLLBACK) {
                execute(dag, node, task, true, false);
            } else if (task.state() == TaskState.RUNNING) {
                execute(dag, node, task, true, true);
            } else if (task.state().finished() && rolledBackThisTime) {
                wrote(transitions.finishNode(dag, node, task.state()));
            } else {
                wrote(transitions.readySubTask(dag, task, TaskOperator.ROLLBACK));
            }
        }

        /**
         * CANCEL: the current node's READY or RUNNING sub_task fails as cancelled, then node and
         * DAG fail. A PENDING one never started and stays PENDING, as obshell's cancelHandler
         * leaves it (dag-engine.md §2.5).
         */
        private void cancelStep(Dag dag, Node node) {
            if (node.state() == TaskState.PENDING) {
                wrote(transitions.startNode(dag, node));
                return;
            }
            if (node.state().finished()) {
                wrote(transitions.failDag(dag));
                return;
            }
            SubTask task = subTaskOf(node);
            if (task.state() == TaskState.READY || task.state() == TaskState.RUNNING) {
                wrote(transitions.cancelSubTask(dag, task));
            } else {
                wrote(transitions.finishNode(dag, node, TaskState.FAILED));
            }
        }

        /**
         * Runs the task's work (or rollback) while it is RUNNING, then records the result with
         * what it logged. A READY task goes RUNNING first, in a step of its own (a restart
         * resumes a RUNNING task as continuing).
         */
        private void execute(Dag dag, Node node, SubTask ready, boolean rollback, boolean continuing)
                throws InterruptedException {
            SubTask task = ready;
            if (ready.state() == TaskState.READY) {
                task = transitions.runSubTask(dag, ready);
                if (!wrote(task)) {
                    return;
                }
            }
            Map<String, Object> context = context(dag);
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) context.getOrDefault("Params", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> passed = (Map<String, Object>) context.getOrDefault("Data", Map.of());
            Map<String, Object> data = new HashMap<>(passed);
            lines.clear();
            Exception failure = run(catalog.definitionOf(dag), dag, node.stage(), task, params, data, rollback,
                    continuing);
            if (failure instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (failure == STOPPED) {
                return;
            }
            if (cancelled()) {
                // The task ran; its result gives way to the CANCEL, its lines stay.
                transitions.appendLog(task, lines);
                lines.clear();
                return;
            }
            // A task that passed nothing forward leaves the context as it is: no write for it, and
            // no serialization to find that out.
            Map<String, Object> next = null;
            String written = null;
            if (!data.equals(passed)) {
                next = new LinkedHashMap<>(context);
                next.put("Data", data);
                written = json.writeValueAsString(next);
            }
            boolean contextChanged = written != null && !written.equals(dag.context());
            SubTask finished = transitions.finishSubTask(dag, task, failure == null,
                    contextChanged ? written : null, lines);
            lines.clear();
            if (wrote(finished) && contextChanged) {
                this.dag = withContext(dag, written);
                parsedFrom = written;
                parsed = next;
            }
        }

        /** The DAG's context as a map (not to be changed: the next task's copy is). */
        private Map<String, Object> context(Dag dag) {
            if (parsed == null || !dag.context().equals(parsedFrom)) {
                parsed = json.readValue(dag.context(), CONTEXT);
                parsedFrom = dag.context();
            }
            return parsed;
        }

        @SuppressWarnings("unchecked")
        private <P extends DagParams> P params(DagDefinition<P> definition, Map<String, Object> params) {
            if (typedParams == null || !definition.paramsType().isInstance(typedParams)) {
                typedParams = json.convertValue(params, definition.paramsType());
            }
            return (P) typedParams;
        }

        /**
         * The task's step with its typed params, paced, behind the fault switch: null when it
         * succeeded, {@link #STOPPED} when a halt or a cancel cut its pacing short, else what it
         * failed with, already logged as obshell's {@code ERROR:} line.
         */
        private <P extends DagParams> Exception run(DagDefinition<P> definition, Dag dag, int stage, SubTask task,
                Map<String, Object> params, Map<String, Object> data, boolean rollback, boolean continuing) {
            TaskDefinition<P> step = definition.taskAt(stage);
            P typed = params(definition, params);
            TaskRun<P> run = new TaskRun<>(typed, data, continuing, lines::add);
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

        /**
         * A CANCEL that arrived while the task ran takes precedence over its result. Only an
         * operator changes the DAG under the driver, and it wakes the driver: no wake, no CANCEL.
         */
        private boolean cancelled() {
            if (!changed) {
                return false;
            }
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

    private static Dag withContext(Dag dag, String context) {
        return new Dag(dag.id(), dag.name(), dag.type(), dag.stage(), dag.maxStage(), dag.state(), dag.operator(),
                dag.maintenance(), dag.finished(), context, dag.startTime(), dag.endTime());
    }
}
