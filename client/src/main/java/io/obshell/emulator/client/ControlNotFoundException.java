package io.obshell.emulator.client;

import java.util.List;

/** 404: no such fault rule or DAG, or a control route this emulator does not have (or has turned off). */
public class ControlNotFoundException extends EmulatorControlException {

    public ControlNotFoundException(String title, String detail, String body) {
        super(404, title, detail, List.of(), body);
    }

    public ControlNotFoundException(String title, String detail, String errCode, String body) {
        super(404, title, detail, List.of(), errCode, body);
    }
}
