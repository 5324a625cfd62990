package io.obshell.emulator.client;

import java.util.List;

/** 409: the request does not fit the emulator's state, e.g. a step while the pacing is not paused. */
public class ControlConflictException extends EmulatorControlException {

    public ControlConflictException(String title, String detail, String body) {
        super(409, title, detail, List.of(), body);
    }

    public ControlConflictException(String title, String detail, String errCode, String body) {
        super(409, title, detail, List.of(), errCode, body);
    }
}
