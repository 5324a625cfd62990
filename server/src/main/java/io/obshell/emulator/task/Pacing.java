package io.obshell.emulator.task;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import org.springframework.stereotype.Component;

/**
 * When DAGs move: how long each task stays RUNNING (the stage delay, with per-task overrides),
 * and a pause switch under which no DAG takes a step until {@link #step()} lets exactly one
 * through. Pacing changes when a client sees a state, never which states it sees.
 */
@Component
public class Pacing implements Resettable {

    private final ObshellProperties.Emulator initial;
    private volatile Duration stageDelay;
    private final Map<String, Duration> taskDelays = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean paused;
    private long permits;

    Pacing(ObshellProperties properties) {
        this.initial = properties.emulator();
        reset();
    }

    @Override
    public int resetOrder() {
        return CONTROL;
    }

    /** Back to the configured delays, running. */
    @Override
    public void reset() {
        stageDelay = initial.stageDelay();
        taskDelays.clear();
        taskDelays.putAll(initial.taskDelays());
        setPaused(false);
    }

    public Duration stageDelay() {
        return stageDelay;
    }

    public void stageDelay(Duration delay) {
        this.stageDelay = delay;
    }

    public Map<String, Duration> taskDelays() {
        return Map.copyOf(taskDelays);
    }

    public void taskDelays(Map<String, Duration> delays) {
        taskDelays.clear();
        taskDelays.putAll(delays);
    }

    Duration delayFor(String taskName) {
        return taskDelays.getOrDefault(taskName, stageDelay);
    }

    public boolean paused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    public void setPaused(boolean value) {
        lock.lock();
        try {
            paused = value;
            permits = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** While paused, lets exactly one DAG step through. */
    public void step() {
        lock.lock();
        try {
            permits++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks a DAG driver until it may take its next step, or until {@code stop} holds (checked
     * whenever {@link #release} signals); a stopped driver takes no permit.
     */
    void awaitTurn(BooleanSupplier stop) throws InterruptedException {
        lock.lock();
        try {
            while (paused && permits == 0 && !stop.getAsBoolean()) {
                changed.await();
            }
            if (paused && !stop.getAsBoolean()) {
                permits--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Makes every waiting driver check its stop condition again. */
    void release() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
