package io.obshell.emulator;

import java.net.URI;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.ObshellClient;
import io.obshell.emulator.secure.AgentPassword;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

/** Makes {@link ObshellClient}s for the running test server, and sets the agent's password. */
@TestComponent
public class EmulatorTestClient {

    public static final String PASSWORD = "Emulator#Pwd1";

    private final Environment environment;
    private final AgentPassword agentPassword;

    EmulatorTestClient(Environment environment, AgentPassword agentPassword) {
        this.environment = environment;
        this.agentPassword = agentPassword;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port"));
    }

    public int port() {
        return Integer.parseInt(environment.getRequiredProperty("local.server.port"));
    }

    /** A client signing with {@link #PASSWORD}, after making it the agent password. */
    public ObshellClient withPassword() {
        agentPassword.set(PASSWORD);
        return ObshellClient.create(baseUri(), PASSWORD);
    }

    /** A client signing with {@code password} (null: none), leaving the agent as it is. */
    public ObshellClient signingWith(String password) {
        return ObshellClient.create(baseUri(), password);
    }

    /** Plain-JSON access to the control plane ({@code /__emulator}). */
    public ControlHttp control() {
        return new ControlHttp(baseUri());
    }

    /** The control plane, typed (with the configured control token, if any). */
    public EmulatorControl emulatorControl() {
        return EmulatorControl.connect(baseUri(), environment.getProperty("obshell.emulator.control.token"));
    }

    boolean controlPlaneEnabled() {
        return environment.getProperty("obshell.emulator.control.enabled", Boolean.class, true);
    }

    /** The agent back to "no password" (obshell's not-initialized state). */
    public void clearPassword() {
        agentPassword.clear();
    }
}
