package io.obshell.emulator.control;

import io.obshell.emulator.api.ErrorCode;
import io.obshell.emulator.obproxy.UpgradeDagTemplate;

/**
 * What an injected failure reports when the rule names no errCode: obshell's own error for
 * that task where dag-engine.md §5.2 gives one, else Common.Unexpected. Rollbacks have no
 * documented errors, so they always default to Common.Unexpected.
 */
final class TaskErrors {

    /** An errCode and a message template; {@code ${name}} is filled from the DAG's params. */
    record Default(String errCode, String message) {
    }

    private TaskErrors() {
    }

    static Default of(String dag, String task, boolean rollback) {
        if (!rollback && UpgradeDagTemplate.NAME.equals(dag)) {
            switch (task) {
                case UpgradeDagTemplate.CREATE_UPGRADE_DIR -> {
                    return known(ErrorCode.COMMON_DIR_NOT_EMPTY, "${upgradeDir}");
                }
                case UpgradeDagTemplate.DOWNLOAD_PKG -> {
                    // The disk check is the download's own failure; the sizes are illustrative.
                    return known(ErrorCode.ENVIRONMENT_DISK_SPACE_NOT_ENOUGH, 0, 1);
                }
                case UpgradeDagTemplate.WAIT_HOT_RESTART -> {
                    return known(ErrorCode.OBPROXY_HOT_RESTART_TIMEOUT);
                }
                default -> {
                }
            }
        }
        return new Default(ErrorCode.COMMON_UNEXPECTED.errCode(), unexpected(task, rollback));
    }

    /** The message for a rule that names an errCode but no message. */
    static String messageFor(String errCode, String dag, String task, boolean rollback) {
        Default taskDefault = of(dag, task, rollback);
        if (taskDefault.errCode().equals(errCode)) {
            return taskDefault.message();
        }
        ErrorCode code = catalogued(errCode);
        if (code != null && !code.message().contains("%")) {
            return code.message();
        }
        if (code == ErrorCode.COMMON_UNEXPECTED) {
            return unexpected(task, rollback);
        }
        return "Fault injected into " + (rollback ? "the rollback of " : "") + "task '" + task + "'";
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

    private static Default known(ErrorCode code, Object... args) {
        return new Default(code.errCode(), code.message(args));
    }
}
