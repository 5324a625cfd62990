package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.ObshellProperties.FaultSpec;
import io.obshell.emulator.task.DagCatalog;
import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.DagParams;
import io.obshell.emulator.task.MaintenanceType;
import io.obshell.emulator.task.TaskDefinition;
import io.obshell.emulator.task.TaskFaults;
import org.junit.jupiter.api.Test;

class FaultRulesTest {

    private static final Map<String, Object> PARAMS = Map.of("version", "4.3.3.2", "buildNumber", "5");
    private static final DagCatalog CATALOG = new DagCatalog(List.of(new TestDag("Upgrade obproxy",
            "Create upgrade dir", "Check obproxy pkg", "Backup for upgrade", "Hot restart obproxy")));

    /** A DAG with do-nothing tasks of the given names. */
    static final class TestDag extends DagDefinition<TestDag.Params> {

        record Params() implements DagParams {
        }

        private final List<String> taskNames;

        TestDag(String name, String... taskNames) {
            super(name, MaintenanceType.OBPROXY, Params.class);
            this.taskNames = List.of(taskNames);
        }

        @Override
        protected List<TaskDefinition<Params>> defineTasks() {
            return taskNames.stream().map(task -> TaskDefinition.<Params>task(task, "Struct").allFlags()
                    .execute(run -> {
                    }).build()).toList();
        }
    }

    private static TaskFaults.Execution upgrade(String task, boolean rollback) {
        return new TaskFaults.Execution("Upgrade obproxy", task, rollback, Set.of("4.3.3.2", "4.3.3.2-5"), PARAMS);
    }

    @Test
    void invalidConfiguredRuleStopsTheStartUpWithTheReason() {
        assertThatThrownBy(() -> new FaultRules(properties(List.of(
                new FaultSpec(null, "Create upgrade dir", null, null, null, null, null, null, null),
                new FaultSpec(null, null, null, null, null, null, null, null, null))), CATALOG))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("obshell.emulator.faults[1] is invalid: 'task' is required");
    }

    @Test
    void ruleWithTimesFiresThatManyTimesThenTheNextMatchingRuleFires() {
        FaultRules rules = new FaultRules(properties(List.of()), CATALOG);
        rules.arm(new FaultSpec(null, "Hot restart obproxy", null, 2, null, "First.Rule", "one", null, null), List.of());
        rules.arm(new FaultSpec(null, "Hot restart obproxy", null, null, null, "Second.Rule", "two", null, null),
                List.of());

        List<String> codes = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> rules.match(upgrade("Hot restart obproxy", false)).failure().errCode())
                .toList();

        assertThat(codes).containsExactly("First.Rule", "First.Rule", "Second.Rule", "Second.Rule");
        assertThat(rules.match(upgrade("Hot restart obproxy", true))).as("rollback is another phase").isNull();
        assertThat(rules.match(upgrade("Backup for upgrade", false))).isNull();
    }

    @Test
    void latencyOnlyRuleDelaysWithoutFailing() {
        FaultRules rules = new FaultRules(properties(List.of()), CATALOG);
        rules.arm(new FaultSpec(null, "Backup for upgrade", null, null, null, null, null, Duration.ofSeconds(3), false),
                List.of());

        TaskFaults.Fault fault = rules.match(upgrade("Backup for upgrade", false));

        assertThat(fault.delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fault.failure()).isNull();
    }

    @Test
    void failureCarriesTheGivenErrCodeWithTheKindOfAKnownOne() {
        FaultRules rules = new FaultRules(properties(List.of()), CATALOG);
        rules.arm(new FaultSpec(null, "Check obproxy pkg", null, null, null, "OBProxy.NotRunning", null, null, null),
                List.of());

        TaskFaults.Fault fault = rules.match(upgrade("Check obproxy pkg", false));

        assertThat(fault.failure().errCode()).isEqualTo("OBProxy.NotRunning");
        assertThat(fault.failure().getMessage()).isEqualTo("OBProxy is not running");
        assertThat(fault.failure().code().status()).isEqualTo(400);
    }

    private static ObshellProperties properties(List<FaultSpec> faults) {
        return new ObshellProperties(Path.of("target/unused"),
                new ObshellProperties.Agent("127.0.0.1", null, "SINGLE", "4.5.0.0", null, "x86_64",
                        "/home/admin/oceanbase", "0"),
                new ObshellProperties.Obproxy(true, true, "4.3.2.0-26", "/home/admin/obproxy", 2883),
                new ObshellProperties.Emulator(Duration.ZERO, Map.of(), faults, new ObshellProperties.Journal(10), null));
    }
}
