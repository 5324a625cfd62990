package io.obshell.emulator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The catalog refuses, at start-up, what would otherwise fail only while a DAG runs. */
class DagCatalogTest {

    record NoParams() implements DagParams {
    }

    static final class Stub extends DagDefinition<NoParams> {

        private final List<TaskDefinition<NoParams>> tasks;

        Stub(String name, List<TaskDefinition<NoParams>> tasks) {
            super(name, MaintenanceType.OBPROXY, NoParams.class);
            this.tasks = tasks;
        }

        @Override
        protected List<TaskDefinition<NoParams>> defineTasks() {
            return tasks;
        }
    }

    private static TaskDefinition<NoParams> task(String name) {
        return TaskDefinition.<NoParams>task(name, name.replace(" ", "") + "Task").allFlags().execute(run -> {
        }).build();
    }

    @Test
    void findsEveryDagAndTaskByName() {
        DagCatalog catalog = new DagCatalog(List.of(new Stub("Make tea", List.of(task("Boil"), task("Pour"))),
                new Stub("Make coffee", List.of(task("Grind"), task("Pour")))));

        assertThat(catalog.dagNames()).containsExactly("Make coffee", "Make tea");
        assertThat(catalog.task("Make tea", "Pour")).isPresent();
        assertThat(catalog.task("Make tea", "Grind")).isEmpty();
        assertThat(catalog.dagsWithTask("Pour")).containsExactly("Make coffee", "Make tea");
        assertThat(catalog.allTaskNames()).containsExactly("Boil", "Grind", "Pour");
    }

    @Test
    void twoDagsOfOneNameStopTheStartUp() {
        assertThatThrownBy(() -> new DagCatalog(List.of(new Stub("Make tea", List.of(task("Boil"))),
                new Stub("Make tea", List.of(task("Pour"))))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two DAGs are named 'Make tea'");
    }

    @Test
    void aTaskWithoutAnImplementationStopsTheStartUp() {
        TaskDefinition<NoParams> hollow = TaskDefinition.<NoParams>task("Boil", "BoilTask").allFlags().build();

        assertThatThrownBy(() -> new DagCatalog(List.of(new Stub("Make tea", List.of(hollow)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task 'Boil' (BoilTask) has no implementation");
    }

    @Test
    void twoTasksOfOneNameOrNoTaskAtAllStopTheStartUp() {
        assertThatThrownBy(() -> new DagCatalog(List.of(new Stub("Make tea", List.of(task("Boil"), task("Boil"))))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has two tasks named 'Boil'");
        assertThatThrownBy(() -> new DagCatalog(List.of(new Stub("Make tea", List.of()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no task");
    }
}
