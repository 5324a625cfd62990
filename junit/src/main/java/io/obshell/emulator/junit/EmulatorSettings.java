package io.obshell.emulator.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides how an emulator is started and used. Two test classes whose
 * {@link #processKey()} are equal can share one process.
 */
record EmulatorSettings(String agentPassword, Map<String, String> properties, int port, Path dataDir,
        boolean keepDataDir, List<String> jvmArgs, Duration startupTimeout, EmulatorLifecycle lifecycle,
        boolean resetBeforeEach, boolean shared) {

    static final String CONTROL_TOKEN = "obshell.emulator.control.token";

    EmulatorSettings {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** What the process depends on: the same key, the same emulator. */
    record ProcessKey(String agentPassword, Map<String, String> properties, int port, Path dataDir,
            boolean keepDataDir, List<String> jvmArgs) {
    }

    ProcessKey processKey() {
        return new ProcessKey(agentPassword, properties, port, dataDir, keepDataDir, jvmArgs);
    }

    boolean sharable() {
        return shared && lifecycle == EmulatorLifecycle.PER_CLASS;
    }

    String controlToken() {
        return properties.get(CONTROL_TOKEN);
    }

    String address() {
        return properties.getOrDefault("server.address", "127.0.0.1");
    }
}
