package io.obshell.emulator.agent;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.obshell.emulator.api.GoTime;
import io.obshell.emulator.secure.AgentKeyPair;
import io.obshell.emulator.secure.AgentPassword;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** The agent's unprotected identity routes (auth.md §1, §6.2, §6.3). */
@RestController
@RequestMapping("/api/v1")
class AgentInfoController {

    private static final int STATE_RUNNING = 2;
    private static final int OB_PROCESS_NOT_RUNNING = 0;

    private final AgentIdentity agent;
    private final AgentKeyPair keyPair;
    private final AgentPassword agentPassword;
    private final ObproxyPresence obproxy;
    private final Clock clock;

    AgentInfoController(AgentIdentity agent, AgentKeyPair keyPair, AgentPassword agentPassword,
            ObproxyPresence obproxy, Clock clock) {
        this.agent = agent;
        this.keyPair = keyPair;
        this.agentPassword = agentPassword;
        this.obproxy = obproxy;
        this.clock = clock;
    }

    @GetMapping("/info")
    AgentStatus info() {
        // homePath is obshell's own directory; only isObproxyAgent tells of the ODP (api/info_handler.go).
        return new AgentStatus(agent.pid(), STATE_RUNNING, agent.startAt(), agent.homePath(), "",
                agent.architecture(), agent.ip(), agent.port(), "", agent.identity(), agent.version(),
                !obproxy.homePath().isEmpty(),
                agentPassword.isSet(), List.of("v2"));
    }

    @RequestMapping(path = "/status", method = {RequestMethod.GET, RequestMethod.POST})
    AgentHttpStatus status() {
        return new AgentHttpStatus(new AgentInfoWithIdentity(agent.ip(), agent.port(), agent.identity()),
                STATE_RUNNING, agent.version() + "-" + agent.release(), agent.pid(), agent.startAt(), agent.port(),
                OB_PROCESS_NOT_RUNNING, null, false);
    }

    @GetMapping("/secret")
    AgentSecret secret() {
        return new AgentSecret(agent.ip(), agent.port(), keyPair.publicKeyBase64());
    }

    @GetMapping("/time")
    JsonNode time() {
        return StringNode.valueOf(GoTime.format(clock.instant(), clock));
    }

    @JsonPropertyOrder({"pid", "state", "startAt", "homePath", "obVersion", "architecture", "ip", "port", "zone",
            "identity", "version", "isObproxyAgent", "security", "supportedAuth"})
    record AgentStatus(
            @JsonProperty("pid") long pid,
            @JsonProperty("state") int state,
            @JsonProperty("startAt") long startAt,
            @JsonProperty("homePath") String homePath,
            @JsonProperty("obVersion") String obVersion,
            @JsonProperty("architecture") String architecture,
            @JsonProperty("ip") String ip,
            @JsonProperty("port") int port,
            @JsonProperty("zone") String zone,
            @JsonProperty("identity") String identity,
            @JsonProperty("version") String version,
            @JsonProperty("isObproxyAgent") boolean isObproxyAgent,
            @JsonProperty("security") boolean security,
            @JsonProperty("supportedAuth") List<String> supportedAuth) {
    }

    @JsonPropertyOrder({"ip", "port", "identity"})
    record AgentInfoWithIdentity(
            @JsonProperty("ip") String ip,
            @JsonProperty("port") int port,
            @JsonProperty("identity") String identity) {
    }

    @JsonPropertyOrder({"agent", "state", "version", "pid", "startAt", "port", "obState", "sqlPort",
            "underMaintenance"})
    record AgentHttpStatus(
            @JsonProperty("agent") AgentInfoWithIdentity agent,
            @JsonProperty("state") int state,
            @JsonProperty("version") String version,
            @JsonProperty("pid") long pid,
            @JsonProperty("startAt") long startAt,
            @JsonProperty("port") int port,
            @JsonProperty("obState") int obState,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sqlPort") Integer sqlPort,
            @JsonProperty("underMaintenance") boolean underMaintenance) {
    }

    @JsonPropertyOrder({"ip", "port", "public_key"})
    record AgentSecret(
            @JsonProperty("ip") String ip,
            @JsonProperty("port") int port,
            @JsonProperty("public_key") String publicKey) {
    }
}
