package io.obshell.emulator.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.ObshellProperties.FaultSpec;
import io.obshell.emulator.Resettable;
import io.obshell.emulator.task.DagCatalog;
import io.obshell.emulator.task.TaskFaults;
import org.springframework.stereotype.Component;

/**
 * The armed fault rules, in the order they were armed; the first rule that matches an
 * execution fires. The configured rules ({@code obshell.emulator.faults}) are armed at start-up
 * and again by every reset; a bad one stops the start-up with the reason.
 */
@Component
class FaultRules implements TaskFaults, Resettable {

    private final List<FaultSpec> configured;
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final DagCatalog catalog;

    FaultRules(ObshellProperties properties, DagCatalog catalog) {
        this.configured = properties.emulator().faults();
        this.catalog = catalog;
        armConfigured();
    }

    @Override
    public Fault match(Execution execution) {
        for (FaultRule rule : rules) {
            Fault fault = rule.fire(execution);
            if (fault != null) {
                return fault;
            }
        }
        return null;
    }

    /** Validates and arms a rule; ids are never reused, so a stale id cannot delete a newer rule. */
    FaultRule arm(FaultSpec spec, List<String> readErrors) {
        FaultRule rule = FaultRule.create("f" + ids.incrementAndGet(), spec, readErrors, catalog);
        rules.add(rule);
        return rule;
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

    @Override
    public int resetOrder() {
        return CONTROL;
    }

    @Override
    public void reset() {
        rules.clear();
        armConfigured();
    }

    private void armConfigured() {
        for (int i = 0; i < configured.size(); i++) {
            try {
                arm(configured.get(i), List.of());
            } catch (ControlException e) {
                throw new IllegalStateException("obshell.emulator.faults[" + i + "] is invalid: " + e.getMessage(), e);
            }
        }
    }
}
