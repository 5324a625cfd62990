package io.obshell.emulator.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.obshell.emulator.task.Dag;
import io.obshell.emulator.task.TaskFaults;
import org.springframework.stereotype.Component;

/** The armed fault rules; the first rule that matches an execution fires. */
@Component
class FaultRules implements TaskFaults {

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    @Override
    public Fault match(Dag dag, String taskName, Map<String, Object> params, boolean rollback) {
        for (FaultRule rule : rules) {
            Fault fault = rule.fire(dag.name(), taskName, String.valueOf(params.get("version")), rollback);
            if (fault != null) {
                return fault;
            }
        }
        return null;
    }

    void add(FaultRule rule) {
        rules.add(rule);
    }

    List<FaultRule> list() {
        return List.copyOf(rules);
    }

    boolean remove(String id) {
        return rules.removeIf(rule -> rule.id().equals(id));
    }

    void clear() {
        rules.clear();
    }
}
