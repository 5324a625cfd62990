package io.obshell.emulator.client;

import java.util.List;

/** 401: the emulator requires a control token ({@code obshell.emulator.control.token}) and this one is missing or wrong. */
public class ControlUnauthorizedException extends EmulatorControlException {

    public ControlUnauthorizedException(String title, String detail, String body) {
        super(401, title, detail, List.of(), body);
    }
}
