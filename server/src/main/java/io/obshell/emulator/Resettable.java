package io.obshell.emulator;

/**
 * State that {@code POST /__emulator/reset} puts back to the configured initial state. Every
 * store implements it and is a bean, so the reset finds it without being told: a new store
 * cannot be forgotten. Resets run in ascending {@link #resetOrder()}, while no DAG is driven, all in
 * one database transaction.
 */
public interface Resettable {

    /**
     * The sandbox ({@code <data-dir>/fs}): first, so a full disk has room again before the
     * database writes the reset, and before anything that lays files out in it.
     */
    int FILES = 50;
    /** Rows that reference others go first: DAGs, nodes, sub_tasks, logs. */
    int TASKS = 100;
    /** Uploaded packages. */
    int PACKAGES = 200;
    /** The obproxy maintenance lock. */
    int LOCK = 300;
    /** The ODP model, whose home is laid out again in the emptied sandbox. */
    int OBPROXY = 500;
    /** The agent password; after a key regeneration, so it is stored under the new key. */
    int AGENT = 600;
    /** The control plane's own state: faults, journal, pacing. */
    int CONTROL = 700;

    int resetOrder();

    void reset();
}
