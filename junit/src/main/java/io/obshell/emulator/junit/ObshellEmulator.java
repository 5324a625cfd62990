package io.obshell.emulator.junit;

import java.net.URI;
import java.nio.file.Path;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.ObshellClient;

/** A running emulator, as a test sees it: where it is, and the tools to talk to it. */
public interface ObshellEmulator {

    /** {@code http://127.0.0.1:<port>}. */
    URI baseUri();

    int port();

    /** The emulator's data directory ({@code obshell.data-dir}). */
    Path dataDir();

    /** A client signing with the configured agent password (none when it is not configured). */
    ObshellClient client();

    /** A client signing with {@code agentPassword} (null: none). */
    ObshellClient client(String agentPassword);

    /** The control plane, sending the configured control token if there is one. */
    EmulatorControl control();

    /** Stops the process as a supervisor would (SIGTERM, then SIGKILL after 10 s) and starts it again on the same data directory and port. */
    void restart();

    /** Kills the process with SIGKILL, as a crash would, and starts it again on the same data directory and port. */
    void killAndRestart();
}
