package io.obshell.emulator.control;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.obshell.emulator.obproxy.UpgradeDagTemplate;
import io.obshell.emulator.task.DagTemplate;

/** The DAGs this emulator can run, by name: what fault rules and task delays may name. */
final class DagCatalog {

    static final String DEFAULT_DAG = UpgradeDagTemplate.NAME;

    private static final Map<String, DagTemplate> TEMPLATES = Map.of(UpgradeDagTemplate.NAME, UpgradeDagTemplate.TEMPLATE);

    private DagCatalog() {
    }

    static Optional<DagTemplate> dag(String name) {
        return Optional.ofNullable(TEMPLATES.get(name));
    }

    static Set<String> dagNames() {
        return new TreeSet<>(TEMPLATES.keySet());
    }

    static Optional<DagTemplate.TaskTemplate> task(DagTemplate dag, String taskName) {
        return dag.tasks().stream().filter(task -> task.name().equals(taskName)).findFirst();
    }

    /** Every task name of every DAG. */
    static Set<String> allTaskNames() {
        Set<String> names = new TreeSet<>();
        TEMPLATES.values().forEach(dag -> dag.tasks().forEach(task -> names.add(task.name())));
        return names;
    }
}
