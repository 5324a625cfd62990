package io.obshell.emulator.task;

/** A {@code sub_task_log} row. */
public record TaskLog(long id, long subTaskId, int executeTimes, String content, boolean sync, long createTime,
        long updateTime) {
}
