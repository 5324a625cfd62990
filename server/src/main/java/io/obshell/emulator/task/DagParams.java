package io.obshell.emulator.task;

import java.util.Set;

/**
 * A DAG's typed params record: stored as the {@code Params} of obshell's task context, so its
 * component names are obshell's param keys. Nothing outside the record names those keys.
 */
public interface DagParams {

    /**
     * The target versions a fault rule's {@code version} may name for this DAG (an upgrade's
     * {@code 4.3.3.2} and {@code 4.3.3.2-5}); none for DAGs without a target.
     */
    default Set<String> targetVersions() {
        return Set.of();
    }
}
