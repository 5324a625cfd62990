package io.obshell.emulator.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.obshell.emulator.EmulatorHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A DAG is created in three statements (the DAG, its nodes, their sub_tasks) and answered from
 * what was written: rows and answer are those one insert a row, read back, gave.
 */
@EmulatorHttpTest
class DagCreationTest extends PausedUpgradeDagFixture {

    @Autowired
    TaskViews views;

    @Test
    void theAnswerIsTheStoredDagWithoutDetails() {
        Dag stored = store.dag(created.dagId()).orElseThrow();
        assertThat(created).isEqualTo(views.dag(stored, false));
        assertThat(stored.state()).isEqualTo(TaskState.READY);
        assertThat(stored.operator()).isEqualTo(TaskOperator.RUN);
        assertThat(stored.stage()).isEqualTo(1);
        assertThat(stored.maxStage()).isEqualTo(upgrade.tasks().size());
        assertThat(stored.finished()).isFalse();
        assertThat(stored.maintenance()).isTrue();
        assertThat(stored.startTime()).isEqualTo(stored.endTime()).isPositive();
    }

    @Test
    void nodesAndSubTasksTakeIdsInStageOrderWithTheirTasksNamesAndFlags() {
        Dag dag = store.dag(created.dagId()).orElseThrow();
        List<Node> nodes = store.nodes(dag.id());
        List<SubTask> subTasks = store.subTasksOfDag(dag.id());
        assertThat(nodes).hasSize(upgrade.tasks().size());
        assertThat(subTasks).hasSize(upgrade.tasks().size());
        for (int i = 0; i < nodes.size(); i++) {
            TaskDefinition<?> task = upgrade.tasks().get(i);
            Node node = nodes.get(i);
            SubTask subTask = subTasks.get(i);
            assertThat(node.stage()).isEqualTo(i + 1);
            assertThat(node.dagId()).isEqualTo(dag.id());
            assertThat(node.name()).isEqualTo(task.name());
            assertThat(node.structName()).isEqualTo(task.structName());
            assertThat(node.state()).isEqualTo(TaskState.PENDING);
            assertThat(node.operator()).isEqualTo(TaskOperator.RUN);
            assertThat(node.startTime()).isEqualTo(node.endTime()).isEqualTo(dag.startTime());
            // subTasksOfDag orders by ID: the stage's sub_task is the i-th, and belongs to its node.
            assertThat(subTask.nodeId()).isEqualTo(node.id());
            assertThat(subTask.name()).isEqualTo(task.name());
            assertThat(subTask.structName()).isEqualTo(task.structName());
            assertThat(List.of(subTask.canCancel(), subTask.canContinue(), subTask.canPass(), subTask.canRetry(),
                    subTask.canRollback())).containsExactly(task.canCancel(), task.canContinue(), task.canPass(),
                            task.canRetry(), task.canRollback());
            assertThat(subTask.state()).isEqualTo(TaskState.PENDING);
            assertThat(subTask.operator()).isEqualTo(TaskOperator.RUN);
            assertThat(subTask.executeTimes()).isZero();
            assertThat(subTask.context()).isEqualTo("{}");
            assertThat(subTask.startTime()).isEqualTo(subTask.endTime()).isEqualTo(dag.startTime());
            if (i > 0) {
                assertThat(node.id()).isGreaterThan(nodes.get(i - 1).id());
                assertThat(subTask.id()).isGreaterThan(subTasks.get(i - 1).id());
            }
        }
    }
}
