package io.obshell.emulator.task;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.obshell.emulator.api.ErrorCode;

/**
 * One node of a DAG: obshell's task name and Go struct name, its {@code can_*} flags, whether a
 * failure there releases the maintenance lock ({@code failure_exit_maintenance}), the work and
 * its undo, the error an injected fault reports by default, and the lines a real failure logs
 * before its {@code ERROR:} line.
 *
 * @param <P> the DAG's params record
 */
public record TaskDefinition<P extends DagParams>(String name, String structName, Set<TaskFlag> flags,
        boolean failureExitMaintenance, Step<P> execute, Step<P> rollback, Failure defaultFailure,
        Step<P> beforeFailure) {

    /** The work of a task, or its undo. Throw an {@link io.obshell.emulator.api.ApiException} to fail with its code. */
    @FunctionalInterface
    public interface Step<P extends DagParams> {
        void run(TaskRun<P> run) throws Exception;
    }

    /**
     * What a fault on this task reports when its rule names no errCode: the code and message
     * obshell's task fails with; {@code ${param}} in the message is filled from the DAG's params.
     */
    public record Failure(ErrorCode code, String message) {

        public static Failure of(ErrorCode code, Object... args) {
            return new Failure(code, code.message(args));
        }
    }

    public TaskDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(structName, "structName");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public static <P extends DagParams> Builder<P> task(String name, String structName) {
        return new Builder<>(name, structName);
    }

    public boolean can(TaskFlag flag) {
        return flags.contains(flag);
    }

    public boolean canContinue() {
        return can(TaskFlag.CONTINUE);
    }

    public boolean canRetry() {
        return can(TaskFlag.RETRY);
    }

    public boolean canRollback() {
        return can(TaskFlag.ROLLBACK);
    }

    public boolean canCancel() {
        return can(TaskFlag.CANCEL);
    }

    public boolean canPass() {
        return can(TaskFlag.PASS);
    }

    /** Builds a definition; every task needs {@link #execute}, the rest is optional. */
    public static final class Builder<P extends DagParams> {

        private final String name;
        private final String structName;
        private Set<TaskFlag> flags = EnumSet.noneOf(TaskFlag.class);
        private boolean failureExitMaintenance;
        private Step<P> execute;
        private Step<P> rollback = run -> {
        };
        private Failure defaultFailure;
        private Step<P> beforeFailure = run -> {
        };

        private Builder(String name, String structName) {
            this.name = name;
            this.structName = structName;
        }

        /** obshell's SetCanContinue, SetCanRetry, ... calls of this task. */
        public Builder<P> flags(TaskFlag... values) {
            this.flags = values.length == 0 ? EnumSet.noneOf(TaskFlag.class) : EnumSet.copyOf(List.of(values));
            return this;
        }

        /** All five flags, as most obproxy tasks have them. */
        public Builder<P> allFlags() {
            this.flags = EnumSet.allOf(TaskFlag.class);
            return this;
        }

        public Builder<P> failureExitMaintenance() {
            this.failureExitMaintenance = true;
            return this;
        }

        public Builder<P> execute(Step<P> step) {
            this.execute = step;
            return this;
        }

        /** The undo; without one, obshell's base task's no-op. */
        public Builder<P> rollback(Step<P> step) {
            this.rollback = step;
            return this;
        }

        public Builder<P> failsWith(ErrorCode code, Object... args) {
            this.defaultFailure = Failure.of(code, args);
            return this;
        }

        /** A default failure whose message is not the code's own template (a wrapped one). */
        public Builder<P> failsWithMessage(ErrorCode code, String message) {
            this.defaultFailure = new Failure(code, message);
            return this;
        }

        /** What a real failure of this task logs before its ERROR: line, replayed before an injected one. */
        public Builder<P> beforeFailure(Step<P> step) {
            this.beforeFailure = step;
            return this;
        }

        public TaskDefinition<P> build() {
            return new TaskDefinition<>(name, structName, flags, failureExitMaintenance, execute, rollback,
                    defaultFailure, beforeFailure);
        }
    }
}
