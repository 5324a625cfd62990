package io.obshell.emulator.task;

/**
 * obshell's maintenance types as {@code maintenance_type} reports them: a DAG that takes no lock
 * ("Start obproxy") is 1, one that takes the obproxy lock is 4 (dag-engine.md §1.2).
 */
public enum MaintenanceType {
    NOT_UNDER_MAINTENANCE(1), OBPROXY(4);

    private final int code;

    MaintenanceType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean takesLock() {
        return this != NOT_UNDER_MAINTENANCE;
    }
}
