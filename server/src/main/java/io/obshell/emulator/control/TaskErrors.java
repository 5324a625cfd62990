package io.obshell.emulator.control;

import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.task.TaskDefinition;

/**
 * What an injected failure reports when the rule names no errCode: the task's own default
 * failure from its definition, else Common.Unexpected. Rollbacks have no documented errors, so
 * they always default to Common.Unexpected.
 */
final class TaskErrors {

    /** An errCode and a message template; {@code ${name}} is filled from the DAG's params. */
    record Default(String errCode, String message) {
    }

    private TaskErrors() {
    }

    static Default of(TaskDefinition<?> task, boolean rollback) {
        if (!rollback && task.defaultFailure() != null) {
            return new Default(task.defaultFailure().code().errCode(), task.defaultFailure().message());
        }
        return new Default(ErrorCode.COMMON_UNEXPECTED.errCode(), unexpected(task.name(), rollback));
    }

    /** The message for a rule that names an errCode but no message. */
    static String messageFor(String errCode, TaskDefinition<?> task, boolean rollback) {
        Default taskDefault = of(task, rollback);
        if (taskDefault.errCode().equals(errCode)) {
            return taskDefault.message();
        }
        ErrorCode code = catalogued(errCode);
        if (code != null && !code.message().contains("%")) {
            return code.message();
        }
        if (code == ErrorCode.COMMON_UNEXPECTED) {
            return unexpected(task.name(), rollback);
        }
        return "Fault injected into " + (rollback ? "the rollback of " : "") + "task '" + task.name() + "'";
    }

    /** The catalogue entry for an errCode, or null for a code we do not know. */
    static ErrorCode catalogued(String errCode) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.errCode().equals(errCode)) {
                return code;
            }
        }
        return null;
    }

    private static String unexpected(String task, boolean rollback) {
        return ErrorCode.COMMON_UNEXPECTED.message(
                "fault injected into " + (rollback ? "the rollback of " : "") + "task '" + task + "'");
    }
}
