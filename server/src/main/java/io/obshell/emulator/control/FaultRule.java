package io.obshell.emulator.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.obshell.emulator.ObshellProperties.FaultSpec;
import io.obshell.emulator.api.ApiException;
import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.task.DagCatalog;
import io.obshell.emulator.task.TaskDefinition;
import io.obshell.emulator.task.TaskFaults;

/**
 * One armed fault: which executions it hits (DAG, task, target version, execute or rollback)
 * and what it does to them (extra latency, then a failure unless {@code fail} is false).
 * {@code times} null fires forever; otherwise it counts down to 0 and stays listed, spent.
 */
final class FaultRule {

    enum Phase {
        EXECUTE, ROLLBACK;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final String id;
    private final String dag;
    private final String task;
    private final String version;
    private final Phase phase;
    private final Integer times;
    private final AtomicInteger remaining;
    private final AtomicInteger fired = new AtomicInteger();
    private final boolean fails;
    private final String errCode;
    private final String message;
    private final ErrorCode kind;
    private final Duration delay;

    private FaultRule(String id, String dag, String task, String version, Phase phase, Integer times, boolean fails,
            String errCode, String message, Duration delay) {
        this.id = id;
        this.dag = dag;
        this.task = task;
        this.version = version;
        this.phase = phase;
        this.times = times;
        this.remaining = times == null ? null : new AtomicInteger(times);
        this.fails = fails;
        this.errCode = errCode;
        this.message = message;
        ErrorCode catalogued = errCode == null ? null : TaskErrors.catalogued(errCode);
        this.kind = catalogued == null ? ErrorCode.COMMON_UNEXPECTED : catalogued;
        this.delay = delay;
    }

    /**
     * Validates a rule and fills in its defaults. {@code errors} may already hold problems found
     * while reading it (a bad duration); any problem at all throws a 400 listing them.
     */
    static FaultRule create(String id, FaultSpec spec, List<String> errors, DagCatalog catalog) {
        List<String> problems = new ArrayList<>(errors);
        String dagName = spec.dag();
        TaskDefinition<?> task = null;
        if (dagName != null && catalog.dag(dagName).isEmpty()) {
            problems.add("'dag' must be one of " + catalog.dagNames() + ": " + dagName);
        } else if (spec.task() == null || spec.task().isBlank()) {
            problems.add("'task' is required: one of " + taskNames(catalog, dagName));
        } else if (dagName == null) {
            // No DAG named: the one DAG that has this task.
            Set<String> owners = catalog.dagsWithTask(spec.task());
            if (owners.isEmpty()) {
                problems.add("'task' must be a task of a DAG, one of " + catalog.allTaskNames() + ": " + spec.task());
            } else if (owners.size() > 1) {
                problems.add("'dag' is required: task '" + spec.task() + "' is in " + owners);
            } else {
                dagName = owners.iterator().next();
                task = catalog.task(dagName, spec.task()).orElseThrow();
            }
        } else {
            task = catalog.task(dagName, spec.task()).orElse(null);
            if (task == null) {
                problems.add("'task' must be a task of '" + dagName + "', one of " + taskNames(catalog, dagName) + ": "
                        + spec.task());
            }
        }
        Phase phase = Phase.EXECUTE;
        if (spec.phase() != null) {
            try {
                phase = Phase.valueOf(spec.phase().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("'phase' must be 'execute' or 'rollback': " + spec.phase());
            }
        }
        if (phase == Phase.ROLLBACK && task != null && !task.canRollback()) {
            problems.add("task '" + task.name() + "' cannot be rolled back, so a rollback fault would never fire");
        }
        if (spec.times() != null && spec.times() < 1) {
            problems.add("'times' must be at least 1 (leave it out to fire every time): " + spec.times());
        }
        if (spec.version() != null && spec.version().isBlank()) {
            problems.add("'version' must not be blank (leave it out to match every version)");
        }
        if (spec.errCode() != null && spec.errCode().isBlank()) {
            problems.add("'errCode' must not be blank");
        }
        if (spec.delay() != null && spec.delay().isNegative()) {
            problems.add("'delay' must not be negative: " + spec.delay());
        }
        boolean fails = spec.fail() == null || spec.fail();
        if (!fails && (spec.errCode() != null || spec.message() != null)) {
            problems.add("'errCode' and 'message' describe a failure: leave them out of a rule with \"fail\": false");
        }
        Duration delay = spec.delay() == null ? Duration.ZERO : spec.delay();
        if (!fails && delay.isZero()) {
            problems.add("a rule with \"fail\": false only adds latency: give it a 'delay'");
        }
        if (!problems.isEmpty()) {
            throw ControlException.invalid(problems);
        }
        boolean rollback = phase == Phase.ROLLBACK;
        String errCode = null;
        String message = null;
        if (fails) {
            TaskErrors.Default taskDefault = TaskErrors.of(task, rollback);
            errCode = spec.errCode() != null ? spec.errCode() : taskDefault.errCode();
            message = spec.message() != null ? spec.message() : TaskErrors.messageFor(errCode, task, rollback);
        }
        return new FaultRule(id, dagName, spec.task(), spec.version(), phase, spec.times(), fails, errCode, message,
                delay);
    }

    String id() {
        return id;
    }

    /** The fault for this execution, counting it, or null when the rule does not apply or is spent. */
    TaskFaults.Fault fire(TaskFaults.Execution execution) {
        if (!dag.equals(execution.dag()) || !task.equals(execution.task())
                || (phase == Phase.ROLLBACK) != execution.rollback()
                || (version != null && !execution.targetVersions().contains(version))) {
            return null;
        }
        if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return null;
        }
        fired.incrementAndGet();
        ApiException failure = fails
                ? new ApiException(kind, errCode, fill(message, execution.params()), ApiException.Stage.HANDLER)
                : null;
        return new TaskFaults.Fault(delay, failure);
    }

    private static String fill(String template, Map<String, Object> params) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            Object value = params.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? matcher.group() : value.toString()));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private static Object taskNames(DagCatalog catalog, String dagName) {
        return dagName == null ? catalog.allTaskNames()
                : catalog.dag(dagName).orElseThrow().tasks().stream().map(TaskDefinition::name).toList();
    }

    FaultView view() {
        return new FaultView(id, dag, task, version, phase.wire(), times, remaining == null ? null : remaining.get(),
                fired.get(), fails, errCode, message, delay.toString());
    }
}
