package io.obshell.emulator.obproxy;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.agent.ObproxyPresence;
import org.springframework.stereotype.Component;

/** The ODP as configured at start-up (home path reported only while managed). */
@Component
class ConfiguredObproxy implements ObproxyPresence {

    private final ObshellProperties.Obproxy obproxy;

    ConfiguredObproxy(ObshellProperties properties) {
        this.obproxy = properties.obproxy();
    }

    @Override
    public String homePath() {
        return obproxy.managed() ? obproxy.homePath() : "";
    }
}
