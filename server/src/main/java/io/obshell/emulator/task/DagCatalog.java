package io.obshell.emulator.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

/**
 * Every DAG this emulator can run, collected from the {@link DagDefinition} beans at start-up.
 * The start-up fails on two DAGs of one name, two tasks of one name in a DAG, a DAG without
 * tasks, or a task without an implementation: a typo shows at start, not while a DAG runs.
 */
@Component
public class DagCatalog {

    private final Map<String, DagDefinition<?>> dags;

    public DagCatalog(List<DagDefinition<?>> definitions) {
        Map<String, DagDefinition<?>> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (DagDefinition<?> dag : definitions) {
            if (byName.putIfAbsent(dag.name(), dag) != null) {
                problems.add("two DAGs are named '" + dag.name() + "': " + byName.get(dag.name()).getClass().getName()
                        + " and " + dag.getClass().getName());
            }
            problems.addAll(problemsOf(dag));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The DAG catalog is inconsistent: " + String.join("; ", problems));
        }
        this.dags = Collections.unmodifiableMap(byName);
    }

    private static List<String> problemsOf(DagDefinition<?> dag) {
        List<String> problems = new ArrayList<>();
        List<? extends TaskDefinition<?>> tasks = dag.tasks();
        if (tasks.isEmpty()) {
            problems.add(dag + " has no task");
        }
        Set<String> names = new LinkedHashSet<>();
        for (TaskDefinition<?> task : tasks) {
            if (!names.add(task.name())) {
                problems.add(dag + " has two tasks named '" + task.name() + "'");
            }
            if (task.execute() == null) {
                problems.add(dag + " task '" + task.name() + "' (" + task.structName() + ") has no implementation");
            }
            if (task.structName().isBlank()) {
                problems.add(dag + " task '" + task.name() + "' has no struct name");
            }
        }
        return problems;
    }

    public Optional<DagDefinition<?>> dag(String name) {
        return Optional.ofNullable(dags.get(name));
    }

    /** Every DAG, in the definitions' {@code @Order}: the upgrade first, then the lifecycle as a client walks it. */
    public List<DagDefinition<?>> dags() {
        return List.copyOf(dags.values());
    }

    public Set<String> dagNames() {
        return new TreeSet<>(dags.keySet());
    }

    public Optional<TaskDefinition<?>> task(String dagName, String taskName) {
        return dag(dagName).flatMap(dag -> dag.tasks().stream().filter(task -> task.name().equals(taskName))
                .<TaskDefinition<?>>map(task -> task).findFirst());
    }

    /** The DAGs that have a task of this name, by name. */
    public Set<String> dagsWithTask(String taskName) {
        Set<String> names = new TreeSet<>();
        dags.values().forEach(dag -> dag.tasks().stream().filter(task -> task.name().equals(taskName)).findAny()
                .ifPresent(task -> names.add(dag.name())));
        return names;
    }

    /** Every task name of every DAG. */
    public Set<String> allTaskNames() {
        Set<String> names = new TreeSet<>();
        dags.values().forEach(dag -> dag.tasks().forEach(task -> names.add(task.name())));
        return names;
    }

    /** The definition a stored DAG runs by; a row whose DAG is no longer defined is an engine error. */
    DagDefinition<?> definitionOf(Dag dag) {
        DagDefinition<?> definition = dags.get(dag.name());
        if (definition == null) {
            throw new IllegalStateException("no DAG definition named '" + dag.name() + "'");
        }
        return definition;
    }
}
