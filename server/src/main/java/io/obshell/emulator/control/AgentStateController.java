package io.obshell.emulator.control;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.obshell.emulator.agent.AgentIdentity;
import io.obshell.emulator.api.ApiWebConfiguration;
import io.obshell.emulator.secure.AgentPassword;
import io.obshell.emulator.task.DagConsole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent as a person wants to see it: who it says it is, whether it has a password, who holds its lock. */
@RestController
@RequestMapping(ApiWebConfiguration.CONTROL_PATH + "/agent")
@Tag(name = "State")
class AgentStateController {

    /** {@code holder} is null when the lock is free, or when it is held with no unfinished maintenance DAG. */
    record Maintenance(boolean held, DagViews.DagView holder) {
    }

    /** {@code security}: an agent password is set, as {@code GET /api/v1/info} reports it. */
    @JsonPropertyOrder({"identity", "version", "ip", "port", "architecture", "security", "maintenance"})
    record AgentView(String identity, String version, String ip, int port, String architecture, boolean security,
            Maintenance maintenance) {
    }

    private final AgentIdentity agent;
    private final AgentPassword password;
    private final DagConsole console;

    AgentStateController(AgentIdentity agent, AgentPassword password, DagConsole console) {
        this.agent = agent;
        this.password = password;
        this.console = console;
    }

    @GetMapping
    @Operation(summary = "The agent's identity, whether a password is set, and the maintenance lock's holder")
    AgentView get() {
        DagConsole.Maintenance maintenance = console.maintenance();
        return new AgentView(agent.identity(), agent.version(), agent.ip(), agent.port(), agent.architecture(),
                password.isSet(), new Maintenance(maintenance.held(), maintenance.holder().map(DagViews::dag)
                        .orElse(null)));
    }
}
