package io.obshell.emulator.client;

import java.util.List;

/**
 * A DAG the emulator can run ({@code GET /__emulator/catalog}) and its tasks in stage order:
 * the names fault rules ({@link Fault#on(String)}) and task delays may use. {@code maintenance}:
 * the DAG takes the agent's maintenance lock.
 */
public record CatalogDag(String name, boolean maintenance, List<Task> tasks) {

    /** What obshell lets a user do when this task fails, and whether its failure ends the maintenance. */
    public record Task(int stage, String name, boolean canRetry, boolean canRollback, boolean canCancel,
            boolean canPass, boolean failureExitMaintenance) {
    }
}
