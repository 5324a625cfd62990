package io.obshell.emulator.client;

import java.util.List;

/** 400: the request was invalid; {@link #errors()} lists every problem the emulator found. */
public class ControlBadRequestException extends EmulatorControlException {

    public ControlBadRequestException(String title, String detail, List<String> errors, String body) {
        super(400, title, detail, errors, body);
    }

    public ControlBadRequestException(String title, String detail, List<String> errors, String errCode, String body) {
        super(400, title, detail, errors, errCode, body);
    }
}
