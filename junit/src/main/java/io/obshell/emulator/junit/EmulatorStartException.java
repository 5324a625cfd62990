package io.obshell.emulator.junit;

/**
 * The emulator could not be started; the message says why (port taken, Java too old, server jar
 * not found, exited early with the end of its log) and what to do about it.
 */
public class EmulatorStartException extends RuntimeException {

    public EmulatorStartException(String message) {
        super(message);
    }

    public EmulatorStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
